package app.queued.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Everything a client may send. Each request carries a client-made {@code requestId} (1–64 characters) and
 * is answered by exactly one {@code ack} or {@code error} with that id. A state-changing request resent with
 * the same id is answered with its original outcome and not applied again.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Request.Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = Request.CreateRoom.class, name = "createRoom"),
        @JsonSubTypes.Type(value = Request.Join.class, name = "join"),
        @JsonSubTypes.Type(value = Request.Resume.class, name = "resume"),
        @JsonSubTypes.Type(value = Request.Add.class, name = "add"),
        @JsonSubTypes.Type(value = Request.Vote.class, name = "vote"),
        @JsonSubTypes.Type(value = Request.Remove.class, name = "remove"),
        @JsonSubTypes.Type(value = Request.Skip.class, name = "skip"),
        @JsonSubTypes.Type(value = Request.Search.class, name = "search"),
        @JsonSubTypes.Type(value = Request.Ping.class, name = "ping"),
        @JsonSubTypes.Type(value = Request.SetRules.class, name = "setRules"),
        @JsonSubTypes.Type(value = Request.Ban.class, name = "ban"),
        @JsonSubTypes.Type(value = Request.Unban.class, name = "unban"),
        @JsonSubTypes.Type(value = Request.SetRole.class, name = "setRole"),
        @JsonSubTypes.Type(value = Request.SkipVote.class, name = "skipVote"),
        @JsonSubTypes.Type(value = Request.Members.class, name = "members"),
        @JsonSubTypes.Type(value = Request.History.class, name = "history"),
        @JsonSubTypes.Type(value = Request.SetFallback.class, name = "setFallback"),
        @JsonSubTypes.Type(value = Request.CloseRoom.class, name = "closeRoom"),
})
public sealed interface Request {
    int MAX_REQUEST_ID = 64;

    String requestId();

    /** First message on every connection. Ack result: {@link Results.Hello}. */
    record Hello(String requestId, Integer protocol, String client) implements Request {
        public Hello {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            if (protocol == null) {
                throw new IllegalArgumentException("protocol is required");
            }
            client = Check.optionalText("client", client, 100);
        }
    }

    /** Creates a room; needs the server's admin token. Ack result: {@link Results.RoomCreated}. */
    record CreateRoom(String requestId, String name, String adminToken) implements Request {
        public CreateRoom {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            name = Check.text("name", name, 60);
            adminToken = Check.text("adminToken", adminToken, 200);
        }
    }

    /**
     * Joins a room. A new guest sends {@code code} and {@code nickname}; a returning guest sends {@code code} and
     * the {@code guestToken} from an earlier join; the host sends {@code hostToken} alone. Without {@code lastSeq}
     * a {@code snapshot} follows the ack; with it the missed events follow (or a snapshot when too many were
     * missed, when {@code lastRoomId} names another room, or when the join made a new guest). {@code lastRoomId}
     * is the room whose state {@code lastSeq} is a position in (the {@code roomId} of that state's join ack).
     * Ack result: {@link Results.Joined}.
     */
    record Join(String requestId, String code, String nickname, String guestToken, String hostToken, Long lastSeq,
                Long lastRoomId) implements Request {
        /** A join without saying which room a {@code lastSeq} belongs to (as protocol-1 clients before it did). */
        public Join(String requestId, String code, String nickname, String guestToken, String hostToken,
                    Long lastSeq) {
            this(requestId, code, nickname, guestToken, hostToken, lastSeq, null);
        }

        public Join {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            code = Check.optionalText("code", code, 20);
            nickname = Check.optionalText("nickname", nickname, 32);
            guestToken = Check.optionalText("guestToken", guestToken, 200);
            hostToken = Check.optionalText("hostToken", hostToken, 200);
            if (hostToken == null && code == null) {
                throw new IllegalArgumentException("code is required");
            }
            if (hostToken == null && guestToken == null && nickname == null) {
                throw new IllegalArgumentException("nickname is required");
            }
            if (lastSeq != null && lastSeq < 0) {
                throw new IllegalArgumentException("lastSeq must not be negative");
            }
            if (lastRoomId != null) {
                Check.positive("lastRoomId", lastRoomId);
            }
        }
    }

    /** Asks for every event after {@code lastSeq} (after a gap); a snapshot comes instead when too many. */
    record Resume(String requestId, Long lastSeq) implements Request {
        public Resume {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            if (lastSeq == null || lastSeq < 0) {
                throw new IllegalArgumentException("lastSeq is required and must not be negative");
            }
        }
    }

    /** Queues a video by id or any YouTube link; an already queued video counts as an upvote. Result: {@link Results.Added}. */
    record Add(String requestId, String track) implements Request {
        public Add {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            track = Check.text("track", track, 500);
        }
    }

    /** Sets this guest's vote on a queued track: +1, -1, or 0 to take it back. */
    record Vote(String requestId, Long trackId, Integer value) implements Request {
        public Vote {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            Check.positive("trackId", trackId);
            if (value == null) {
                throw new IllegalArgumentException("value is required");
            }
            if (value < -1 || value > 1) {
                throw new IllegalArgumentException("value must be 1, 0 or -1");
            }
        }
    }

    /** Removes a queued track: the host any, a guest only their own. */
    record Remove(String requestId, Long trackId) implements Request {
        public Remove {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            Check.positive("trackId", trackId);
        }
    }

    /**
     * Host only: ends the now-playing track and starts the head of the queue. With {@code currentTrackId} the
     * skip only happens if that track is still playing ({@code conflict} otherwise), so a player reporting
     * "ended" twice advances once.
     */
    record Skip(String requestId, Long currentTrackId) implements Request {
        public Skip {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
        }
    }

    /** Searches the room's catalog. Result: {@link Results.SearchResults}. */
    record Search(String requestId, String query) implements Request {
        public Search {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            query = Check.text("query", query, 200);
        }
    }

    /** Keep-alive and round-trip probe; acked with nothing. */
    record Ping(String requestId) implements Request {
        public Ping {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
        }
    }

    /** Host or co-host: replaces the room's rules. */
    record SetRules(String requestId, RoomRules rules) implements Request {
        public SetRules {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            if (rules == null) {
                throw new IllegalArgumentException("rules is required");
            }
        }
    }

    /** Host or co-host: bans a guest (by identity, all their windows); their queued tracks go too if asked. */
    record Ban(String requestId, Long guestId, Boolean removeTracks) implements Request {
        public Ban {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            Check.positive("guestId", guestId);
            removeTracks = removeTracks != null && removeTracks;
        }
    }

    /** Host or co-host: lets a banned guest back in. */
    record Unban(String requestId, Long guestId) implements Request {
        public Unban {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            Check.positive("guestId", guestId);
        }
    }

    /** Host only: makes a guest a co-host ({@code cohost}) or a co-host a guest again ({@code guest}). */
    record SetRole(String requestId, Long guestId, Role role) implements Request {
        public SetRole {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            Check.positive("guestId", guestId);
            if (role == null || role == Role.HOST) {
                throw new IllegalArgumentException("role must be \"cohost\" or \"guest\"");
            }
        }
    }

    /** Asks to skip the now-playing track; it is skipped once the room's share of present people asked. */
    record SkipVote(String requestId, Long trackId) implements Request {
        public SkipVote {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            Check.positive("trackId", trackId);
        }
    }

    /** Host or co-host: everyone who ever joined, with roles, bans and presence. Result: {@link Results.Members}. */
    record Members(String requestId) implements Request {
        public Members {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
        }
    }

    /** Host or co-host: the tracks that played, with a CSV export. Result: {@link Results.History}. */
    record History(String requestId) implements Request {
        public History {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
        }
    }

    /**
     * Host or co-host: what plays when the queue runs dry — {@code history} (earlier tracks of this room) or
     * {@code links} (the given YouTube links or ids, up to 200), or {@code none}. Result: {@link Results.FallbackSet}.
     */
    record SetFallback(String requestId, String source, java.util.List<String> links) implements Request {
        public SetFallback {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
            if (source == null || !java.util.Set.of("none", "history", "links").contains(source)) {
                throw new IllegalArgumentException("source must be \"none\", \"history\" or \"links\"");
            }
            links = links == null ? java.util.List.of() : java.util.List.copyOf(links);
            if (links.size() > 200) {
                throw new IllegalArgumentException("links must hold at most 200 entries");
            }
            if (source.equals("links") && links.isEmpty()) {
                throw new IllegalArgumentException("links is required for the \"links\" source");
            }
            for (String link : links) {
                Check.text("links[]", link, 500);
            }
        }
    }

    /** Host only: ends the party; everyone is told and disconnected, the room cannot be joined again. */
    record CloseRoom(String requestId) implements Request {
        public CloseRoom {
            requestId = Check.text("requestId", requestId, MAX_REQUEST_ID);
        }
    }
}
