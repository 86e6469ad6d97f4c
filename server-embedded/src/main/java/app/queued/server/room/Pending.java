package app.queued.server.room;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ServerMessage;
import app.queued.server.store.Member;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;

/** The fate of one command in a batch: its answer, and what the commit must remember of it. */
final class Pending {
    final Command command;
    final Long doubtDeadline;     // set while the request is in doubt (an earlier commit's answer was lost)
    String reply;                 // ack or error frame for the requester
    boolean logged;               // remember the outcome for retries (I3)
    Long seq;
    String resultJson;
    Member joinedAs;
    boolean held;                 // no answer yet: kept in doubt until the database tells
    boolean newMember;
    String guestToken;
    Map<Long, Integer> myVotes;
    Pending duplicateOf;

    Pending(Command command) {
        if (command instanceof Command.InDoubt doubt) {
            this.command = doubt.original();
            this.doubtDeadline = doubt.deadlineNanos();
        } else {
            this.command = command;
            this.doubtDeadline = null;
        }
    }

    /** Whether the requester waits for an answer (a write or a join; not a leave or a refresh). */
    boolean answered() {
        return command instanceof Command.Write || command instanceof Command.Join;
    }

    Peer peer() {
        if (command instanceof Command.Write w) {
            return w.peer();
        }
        if (command instanceof Command.Join j) {
            return j.peer();
        }
        return command instanceof Command.Leave l ? l.peer() : null;
    }

    String requestId() {
        if (command instanceof Command.Write w) {
            return w.request().requestId();
        }
        return command instanceof Command.Join j ? j.request().requestId() : null;
    }

    void ack(Long seq, Object result) {
        this.seq = seq;
        this.resultJson = result == null ? null : Codec.write(result);
        this.reply = Codec.write(new ServerMessage.Ack(requestId(), seq,
                result == null ? null : Codec.tree(result)));
    }

    /** Acks with an outcome the request log remembered (a resend of a request already saved). */
    void ackStored(Long seq, String resultJson) {
        try {
            this.reply = Codec.write(new ServerMessage.Ack(requestId(), seq,
                    resultJson == null ? null : Codec.mapper().readTree(resultJson)));
        } catch (JsonProcessingException e) {
            // the log holds only results this server wrote with the codec: unreadable means a bug
            throw new IllegalStateException("unreadable stored result of request " + requestId(), e);
        }
    }

    void fail(ErrorCode code, String message) {
        this.reply = Codec.write(new ServerMessage.Error(requestId(), code, message));
    }
}
