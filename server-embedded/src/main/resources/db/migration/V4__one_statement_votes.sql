-- Lets one SQL statement refuse to commit: the one-statement vote commit raises this when the scores it moved
-- differ from the ones the server predicted (its picture of the room was stale), so nothing of it is kept.
CREATE FUNCTION queued_abort(reason text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION 'queued: %', reason USING ERRCODE = 'QU001';
END
$$;
