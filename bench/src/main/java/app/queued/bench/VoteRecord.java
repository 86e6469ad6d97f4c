package app.queued.bench;

/** One vote of a run: what was sent, when it was due, and what became of it. */
final class VoteRecord {
    final int room;
    final int guest;
    final long guestId;
    final long trackId;
    final int value;
    final String requestId;
    /** When the open-loop schedule wanted it sent (latency starts here, so a lagging sender shows up). */
    final long dueNanos;
    /** False for warm-up votes: checked against PostgreSQL like every vote, but left out of the numbers. */
    final boolean measured;

    volatile long sentNanos;
    volatile long ackNanos;
    /** The seq of the event the ack names; 0 until acknowledged. */
    volatile long seq;
    volatile String error;
    /** When the last of the room's clients applied the vote's event; 0 until then. */
    volatile long allAppliedNanos;

    VoteRecord(int room, int guest, long guestId, long trackId, int value, String requestId, long dueNanos,
               boolean measured) {
        this.room = room;
        this.guest = guest;
        this.guestId = guestId;
        this.trackId = trackId;
        this.value = value;
        this.requestId = requestId;
        this.dueNanos = dueNanos;
        this.measured = measured;
    }

    boolean acked() {
        return seq > 0;
    }
}
