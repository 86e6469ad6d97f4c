package app.queued.guest.identity;

import java.util.Locale;
import java.util.Objects;

/**
 * Who this guest is in one room: the guest token the server gave at the first join (a secret — never shown, logged
 * or shared) and the nickname they used. Keyed by server address and room code.
 *
 * @param server       {@code host:port} of the party's server, lower case
 * @param code         the room's join code, normalised ({@link #normalizeCode})
 * @param guestToken   the secret that makes this guest the same person after a restart
 * @param nickname     the nickname used last
 * @param roomName     the room's name, for display
 * @param lastJoinedAt epoch ms of the last successful join
 */
public record GuestIdentity(String server, String code, String guestToken, String nickname, String roomName,
                            long lastJoinedAt) {

    public GuestIdentity {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(guestToken, "guestToken");
        server = server.toLowerCase(Locale.ROOT);
        code = normalizeCode(code);
    }

    /** As the server reads codes: case-insensitive, spaces and dashes ignored ({@code k7qx-4m} is {@code K7QX4M}). */
    public static String normalizeCode(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "GuestIdentity[" + nickname + " in " + code + " at " + server + "]";
    }
}
