-- The vote rule in SQL, once: upserts distinct (guest, track) votes on the room's queued tracks, moves each
-- track's score by the stored difference (invariant I1) and returns each vote's score after it, in input order
-- (ord from 1). Both commit paths use it: the locked transaction directly, the one-statement commit below. A
-- track that is not queued returns no rows for its votes; the caller then rolls back.
-- PL/pgSQL, not LANGUAGE sql: a SQL function with a data-modifying statement is never inlined, and PostgreSQL 17
-- plans it again on every call (it cached plans only within one outer query); PL/pgSQL keeps the plan for the
-- session. As a SQL function it doubled the one-statement commit's time (seed-room ack p50 1.7 -> 3.4 ms).
CREATE FUNCTION queued_apply_votes(p_room bigint, p_guests bigint[], p_tracks bigint[], p_values smallint[])
    RETURNS TABLE (ord bigint, guest_id bigint, track_id bigint, value smallint, score_after int)
    LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH input AS (
        SELECT * FROM unnest(p_guests, p_tracks, p_values) WITH ORDINALITY AS i(guest_id, track_id, value, ord)
    ), old AS (
        SELECT i.ord, i.guest_id, i.track_id, i.value, COALESCE((SELECT v.value FROM vote v
                WHERE v.track_id = i.track_id AND v.guest_id = i.guest_id), 0) AS old_value
        FROM input i
    ), upsert AS (
        INSERT INTO vote (track_id, guest_id, value, updated_at)
        SELECT track_id, guest_id, value, now() FROM input
        ON CONFLICT (track_id, guest_id) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
    ), deltas AS (
        SELECT track_id, sum(value - old_value)::int AS delta FROM old GROUP BY track_id
    ), bumped AS (
        UPDATE track t SET score = t.score + d.delta FROM deltas d
        WHERE t.id = d.track_id AND t.room_id = p_room AND t.state = 'queued'
        RETURNING t.id, t.score
    )
    SELECT o.ord, o.guest_id, o.track_id, o.value,
           (b.score - d.delta + sum(o.value - o.old_value) OVER (PARTITION BY o.track_id ORDER BY o.ord))::int
    FROM old o JOIN bumped b ON b.id = o.track_id JOIN deltas d ON d.track_id = o.track_id
    ORDER BY o.ord;
END
$$;

-- V6's one-statement commit, now applying its votes through queued_apply_votes (otherwise unchanged).
CREATE OR REPLACE FUNCTION queued_commit_votes(p_room bigint, p_from bigint, p_guests bigint[], p_tracks bigint[],
                                               p_values smallint[], p_request_ids text[])
    RETURNS TABLE (seq bigint, payload text) LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    v_base bigint;
    v_n int := cardinality(p_guests);
    v_blocking text;
    v_seqs bigint[];
    v_payloads text[];
BEGIN
    SELECT r.last_seq INTO v_base FROM room r WHERE r.id = p_room FOR UPDATE;
    IF NOT FOUND OR v_base < p_from THEN
        RAISE EXCEPTION 'queued: room % is not at seq % or later', p_room, p_from USING ERRCODE = 'QU001';
    END IF;
    SELECT e.payload::jsonb -> 'change' ->> 'kind' INTO v_blocking FROM room_event e
    WHERE e.room_id = p_room AND e.seq > p_from AND e.seq <= v_base
      AND coalesce(e.payload::jsonb -> 'change' ->> 'kind', '')
          NOT IN ('voted', 'trackAdded', 'guestJoined', 'guestLeft', 'skipRequested')
    LIMIT 1;
    IF v_blocking IS NOT NULL THEN
        RETURN QUERY SELECT -1::bigint, v_blocking;
        RETURN;
    END IF;

    WITH events AS (
        SELECT a.ord, v_base + a.ord AS seq, '{"type":"event","seq":' || (v_base + a.ord)
               || ',"change":{"kind":"voted","trackId":' || a.track_id || ',"guestId":' || a.guest_id
               || ',"value":' || a.value || ',"score":' || a.score_after || '}}' AS payload
        FROM queued_apply_votes(p_room, p_guests, p_tracks, p_values) a
    )
    SELECT array_agg(ev.seq ORDER BY ev.ord), array_agg(ev.payload ORDER BY ev.ord) INTO v_seqs, v_payloads
    FROM events ev;
    IF coalesce(cardinality(v_seqs), 0) <> v_n THEN
        -- a track left the queue although no event says so: the caller's picture is wrong; keep nothing
        RAISE EXCEPTION 'queued: a vote batch touched % of % tracks', coalesce(cardinality(v_seqs), 0), v_n
            USING ERRCODE = 'QU001';
    END IF;
    INSERT INTO room_event (room_id, seq, payload) SELECT p_room, s, p FROM unnest(v_seqs, v_payloads) AS x(s, p);
    INSERT INTO request_log (guest_id, request_id, seq)
    SELECT g, r, s FROM unnest(p_guests, p_request_ids, v_seqs) AS x(g, r, s);
    UPDATE room SET last_seq = v_base + v_n WHERE id = p_room;
    RETURN QUERY SELECT e.seq, e.payload FROM room_event e
                 WHERE e.room_id = p_room AND e.seq > p_from ORDER BY e.seq;
END
$$;
