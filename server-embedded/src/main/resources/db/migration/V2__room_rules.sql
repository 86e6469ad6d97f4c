-- Room rules: rules live in room.settings (JSON of RoomRules); a fallback list for when the queue runs dry.
ALTER TABLE room ADD COLUMN fallback jsonb;
ALTER TABLE room ADD COLUMN fallback_cursor integer NOT NULL DEFAULT 0;
-- a track played from the fallback list (not a guest's), shown as such and left out of fair ordering
ALTER TABLE track ADD COLUMN fallback boolean NOT NULL DEFAULT false;
CREATE INDEX track_room_played ON track (room_id, state_changed_at) WHERE state = 'played';
