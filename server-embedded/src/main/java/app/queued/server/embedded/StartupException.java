package app.queued.server.embedded;

/**
 * A built-in service could not start. {@link #getMessage()} is one plain sentence meant for the
 * person running Queued; the technical detail stays in {@link #getCause()} for the log.
 */
public class StartupException extends Exception {

    public StartupException(String sentence) {
        super(sentence);
    }

    public StartupException(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}
