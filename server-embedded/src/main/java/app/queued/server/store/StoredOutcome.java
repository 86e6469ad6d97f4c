package app.queued.server.store;

/** The remembered answer to a state-changing request: the seq it produced and its ack result (JSON or null). */
public record StoredOutcome(Long seq, String resultJson) {
}
