package app.queued.guest.session;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Connects to a party's server and joins its room. */
@FunctionalInterface
public interface PartyJoiner {

    /**
     * Completes with the joined party, or fails with the server's refusal ({@code not_found} for a wrong code,
     * {@code forbidden} for a banned guest) or {@code unavailable} when nobody answers at that address. On failure
     * nothing stays open.
     *
     * @param guestTokenOrNull the token from an earlier join of this room, to come back as the same guest
     */
    CompletableFuture<Party> join(URI server, String code, String nickname, String guestTokenOrNull);
}
