package app.queued.guest.app;

import java.util.List;

/**
 * {@code --join ADDRESS --code CODE [--nickname NAME] [--quit-when-joined]}: the app fills in the join form and
 * joins at once. With {@code --quit-when-joined} it prints {@code JOINED ...} once the room's state arrived and quits
 * with exit code 0, or prints {@code JOIN FAILED ...} and quits with 1 (the installers' smoke test).
 *
 * @param address        the party's address as a guest would type it, e.g. {@code 192.168.1.20:7765}
 * @param code           the room code
 * @param nickname       the guest's nickname
 * @param quitWhenJoined quit once joined (or once the join failed)
 */
public record AutoJoin(String address, String code, String nickname, boolean quitWhenJoined) {

    public static final String DEFAULT_NICKNAME = "Guest";

    /**
     * The auto-join the command line asks for, or null without {@code --join}.
     *
     * @throws IllegalArgumentException with a sentence when {@code --join} comes without a code or a value is missing
     */
    public static AutoJoin fromArgs(List<String> args) {
        String address = value(args, "--join");
        if (address == null) {
            if (args.contains("--code") || args.contains("--quit-when-joined")) {
                throw new IllegalArgumentException("--code and --quit-when-joined go with --join ADDRESS.");
            }
            return null;
        }
        String code = value(args, "--code");
        if (code == null) {
            throw new IllegalArgumentException("--join needs --code CODE: the room code on the host's screen.");
        }
        String nickname = value(args, "--nickname");
        return new AutoJoin(address, code, nickname == null ? DEFAULT_NICKNAME : nickname,
                args.contains("--quit-when-joined"));
    }

    private static String value(List<String> args, String option) {
        int i = args.indexOf(option);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--") || args.get(i + 1).isBlank()) {
            throw new IllegalArgumentException(option + " needs a value.");
        }
        return args.get(i + 1).strip();
    }
}
