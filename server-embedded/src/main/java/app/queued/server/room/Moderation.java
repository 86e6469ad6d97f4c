package app.queued.server.room;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Change;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.PlayedTrack;
import app.queued.protocol.ProtocolException;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.Track;
import app.queued.server.store.Member;
import app.queued.server.store.RoomTransaction;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The host's and co-hosts' requests, on the room in memory and a batch, inside the batch's transaction. */
final class Moderation {
    static final String BANNED = "The host has removed you from this party.";
    static final String ENDED = "The host ended the party. Thanks for coming!";

    private Moderation() {
    }

    static void apply(LiveRoom room, Batch batch, Pending p, Member member, Command.Write write)
            throws SQLException {
        Request request = write.request();
        if (request instanceof Request.SetRole || request instanceof Request.CloseRoom) {
            requireHost(member);
        } else {
            requireModerator(member);
        }
        RoomTransaction tx = batch.tx();
        if (request instanceof Request.SetRules set) {
            tx.setRules(set.rules());
            p.logged = true;
            p.ack(batch.emit(new Change.RulesChanged(set.rules())), null);
            Playback.autoRemoveAll(batch);
            Playback.skipIfEnoughAsked(room, batch);
        } else if (request instanceof Request.Ban ban) {
            ban(room, batch, p, member, ban);
        } else if (request instanceof Request.Unban unban) {
            Member target = target(tx, unban.guestId());
            tx.setBanned(target.guestId(), false);
            room.members().put(target.guestId(), withBan(target, false));
            p.logged = true;
            p.ack(batch.emit(new Change.GuestUnbanned(target.guestId(), target.nickname())), null);
        } else if (request instanceof Request.SetRole setRole) {
            Member target = target(tx, setRole.guestId());
            if (target.role() == Role.HOST) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "The host's own role cannot change.");
            }
            tx.setRole(target.guestId(), setRole.role());
            room.refreshMember(new Member(target.roomId(), target.guestId(), target.nickname(), setRole.role(),
                    target.banned()));
            p.logged = true;
            p.ack(batch.emit(new Change.RoleChanged(target.guestId(), setRole.role())), null);
        } else if (request instanceof Request.Members) {
            // the room's in-memory members are current (joins, role changes, bans): no need to read them again
            List<Results.Member> list = new ArrayList<>();
            for (Member m : room.members().values().stream().sorted(Comparator.comparingLong(Member::guestId))
                    .toList()) {
                list.add(new Results.Member(m.guestId(), m.nickname(), m.role(), m.banned(),
                        room.isPresent(m.guestId())));
            }
            p.ack(batch.settled().seq(), new Results.Members(list));
        } else if (request instanceof Request.History) {
            List<PlayedTrack> played = tx.history();
            p.ack(batch.settled().seq(), new Results.History(played, csv(played)));
        } else if (request instanceof Request.SetFallback fallback) {
            setFallback(room, batch, p, fallback, write.entries());
        } else if (request instanceof Request.CloseRoom) {
            tx.closeRoom();
            p.logged = true;
            p.ack(batch.emit(new Change.RoomClosed(ENDED)), null);
            batch.closeEveryone(ENDED);
        } else {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "That request cannot change a room.");
        }
    }

    private static void ban(LiveRoom room, Batch batch, Pending p, Member member, Request.Ban ban)
            throws SQLException {
        RoomTransaction tx = batch.tx();
        Member target = target(tx, ban.guestId());
        if (target.role() == Role.HOST) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "The host cannot be banned.");
        }
        if (target.role() == Role.COHOST && member.role() != Role.HOST) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "Only the host can ban a co-host.");
        }
        tx.setBanned(target.guestId(), true);
        room.members().put(target.guestId(), withBan(target, true));
        p.logged = true;
        p.ack(batch.emit(new Change.GuestBanned(target.guestId(), target.nickname())), null);
        if (ban.removeTracks()) {
            for (Track track : List.copyOf(room.state().tracks())) {
                if (track.addedBy() == target.guestId()) {
                    tx.setTrackState(track.id(), "removed");
                    batch.emit(new Change.TrackRemoved(track.id(), "banned"));
                }
            }
        }
        batch.closeGuest(target.guestId(), BANNED);
        Playback.skipIfEnoughAsked(room, batch);
    }

    private static void setFallback(LiveRoom room, Batch batch, Pending p, Request.SetFallback request,
                                    List<CatalogEntry> entries) throws SQLException {
        RoomTransaction tx = batch.tx();
        switch (request.source()) {
            case "none" -> tx.setFallback(null, List.of());
            case "history" -> tx.setFallback("history", List.of());
            default -> tx.setFallback("links", entries);
        }
        int count = switch (request.source()) {
            case "links" -> entries.size();
            case "history" -> tx.countPlayedVideos();
            default -> 0;
        };
        p.logged = true;
        p.ack(null, new Results.FallbackSet(request.source(), count));
        if (room.state().nowPlaying() == null && room.state().queueSize() == 0 && count > 0) {
            Playback.advance(room, batch); // the music starts now rather than at the next skip
        }
    }

    private static Member target(RoomTransaction tx, long guestId) throws SQLException {
        Member target = tx.member(guestId);
        if (target == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "Nobody with that id has been in this room.");
        }
        return target;
    }

    private static Member withBan(Member m, boolean banned) {
        return new Member(m.roomId(), m.guestId(), m.nickname(), m.role(), banned);
    }

    private static void requireHost(Member member) {
        if (member.role() != Role.HOST) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "Only the host can do that.");
        }
    }

    private static void requireModerator(Member member) {
        if (!member.role().moderates()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "Only the host or a co-host can do that.");
        }
    }

    /** The history as CSV: played at (UTC), title, channel, link, added by, final score, fallback. */
    static String csv(List<PlayedTrack> played) {
        StringBuilder out = new StringBuilder("played_at,title,channel,link,added_by,final_score,fallback\n");
        for (PlayedTrack t : played) {
            out.append(Instant.ofEpochMilli(t.playedAt())).append(',')
                    .append(field(t.title())).append(',')
                    .append(field(t.channel())).append(',')
                    .append("https://www.youtube.com/watch?v=").append(t.videoId()).append(',')
                    .append(field(t.addedByName())).append(',')
                    .append(t.finalScore()).append(',')
                    .append(t.fallback()).append('\n');
        }
        return out.toString();
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula. */
    static String field(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
