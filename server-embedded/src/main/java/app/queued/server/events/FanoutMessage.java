package app.queued.server.events;

import java.util.ArrayList;
import java.util.List;

/**
 * One commit's events on the wire between nodes: lines of sender node, room, first seq, then one event frame per
 * line (frames are single-line JSON: the codec escapes line breaks inside strings).
 */
record FanoutMessage(String nodeId, long roomId, long firstSeq, List<String> frames) {

    String encode() {
        StringBuilder out = new StringBuilder(64 + frames.stream().mapToInt(String::length).sum() + frames.size());
        out.append(nodeId).append('\n').append(roomId).append('\n').append(firstSeq);
        for (String frame : frames) {
            if (frame.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("an event frame spans lines");
            }
            out.append('\n').append(frame);
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException for anything that is not such a message */
    static FanoutMessage decode(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4) {
            throw new IllegalArgumentException("a fan-out message has a node, a room, a seq and at least one frame");
        }
        try {
            long roomId = Long.parseLong(lines[1]);
            long firstSeq = Long.parseLong(lines[2]);
            List<String> frames = new ArrayList<>(lines.length - 3);
            for (int i = 3; i < lines.length; i++) {
                frames.add(lines[i]);
            }
            return new FanoutMessage(lines[0], roomId, firstSeq, frames);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unreadable room or seq in a fan-out message", e);
        }
    }
}
