package app.queued.guest.ui;

/** A one-line message for the guest: what just happened, or why something did not. */
public record Notice(Kind kind, String text) {

    public enum Kind { INFO, SUCCESS, ERROR }

    public static Notice info(String text) {
        return new Notice(Kind.INFO, text);
    }

    public static Notice success(String text) {
        return new Notice(Kind.SUCCESS, text);
    }

    public static Notice error(String text) {
        return new Notice(Kind.ERROR, text);
    }
}
