package app.queued.server.room;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import app.queued.protocol.RoomRules;
import app.queued.protocol.Track;
import app.queued.server.store.Member;
import java.util.Map;

/** The host's rules as checks; a refusal is {@code forbidden} with a sentence saying which rule. */
final class Rules {
    private Rules() {
    }

    static void checkVote(RoomRules rules, Member voter, Track track, int value, Map<Long, Member> members) {
        if (voter.role().moderates()) {
            return;
        }
        if (rules.votingLocked()) {
            throw refused("The host has paused voting for now.");
        }
        if (value < 0 && !rules.downvotes()) {
            throw refused("Downvotes are off in this room.");
        }
        if (rules.voteOnly()) {
            Member adder = members.get(track.addedBy());
            if (adder == null || !adder.role().moderates()) {
                throw refused("Right now guests vote only on the host's picks.");
            }
        }
    }

    static void checkAdd(RoomRules rules, Member adder, CatalogEntry entry, int alreadyQueued) {
        if (adder.role().moderates()) {
            return;
        }
        if (rules.voteOnly()) {
            throw refused("Right now only the host adds tracks; vote on the queue!");
        }
        if (rules.addingLocked()) {
            throw refused("The host has paused adding tracks for now.");
        }
        if (rules.maxTrackSeconds() != null && entry.durationSeconds() <= 0) {
            // 0 is "unknown", not "short": it must not slip past the limit
            throw refused("How long that track is isn't known, so it can't be checked against the host's limit "
                    + "(at most " + minutes(rules.maxTrackSeconds()) + ").");
        }
        if (rules.maxTrackSeconds() != null && entry.durationSeconds() > rules.maxTrackSeconds()) {
            throw refused("That track is longer than the host allows (at most " + minutes(rules.maxTrackSeconds())
                    + ").");
        }
        if (rules.maxQueuedPerGuest() != null && alreadyQueued >= rules.maxQueuedPerGuest()) {
            throw refused("You already have " + alreadyQueued + " track" + (alreadyQueued == 1 ? "" : "s")
                    + " in the queue, the most the host allows; add more when one has played.");
        }
    }

    static String minutes(int seconds) {
        return seconds / 60 + ":" + String.format("%02d", seconds % 60);
    }

    private static ProtocolException refused(String sentence) {
        return new ProtocolException(ErrorCode.FORBIDDEN, sentence);
    }
}
