-- Queued schema v1: PostgreSQL is the source of truth for everything below.

CREATE TABLE room (
    id                  bigserial PRIMARY KEY,
    name                text        NOT NULL,
    join_code           text        NOT NULL UNIQUE,
    host_token_hash     text        NOT NULL UNIQUE,
    -- the seq of the newest room_event; locked FOR UPDATE by every writing transaction of the room
    last_seq            bigint      NOT NULL DEFAULT 0,
    now_playing_id      bigint,
    now_playing_started timestamptz,
    -- room rules (caps, locks, modes) live here; the room-rules work fills it
    settings            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at          timestamptz NOT NULL DEFAULT now(),
    closed_at           timestamptz
);

CREATE TABLE guest (
    id          bigserial PRIMARY KEY,
    room_id     bigint      NOT NULL REFERENCES room (id) ON DELETE CASCADE,
    nickname    text        NOT NULL,
    -- sha-256 of the guest token; null for the host's own member row
    token_hash  text UNIQUE,
    role        text        NOT NULL DEFAULT 'guest' CHECK (role IN ('host', 'cohost', 'guest')),
    banned      boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX guest_room ON guest (room_id);

CREATE TABLE track (
    id               bigserial PRIMARY KEY,
    room_id          bigint      NOT NULL REFERENCES room (id) ON DELETE CASCADE,
    video_id         text        NOT NULL CHECK (video_id ~ '^[A-Za-z0-9_-]{11}$'),
    title            text        NOT NULL,
    channel          text        NOT NULL DEFAULT '',
    duration_s       integer     NOT NULL DEFAULT 0,
    thumbnail_url    text,
    added_by         bigint      NOT NULL REFERENCES guest (id),
    added_at         timestamptz NOT NULL DEFAULT now(),
    -- invariant I1: always the sum of vote.value for this track, changed only inside SQL
    score            integer     NOT NULL DEFAULT 0,
    state            text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'playing', 'played', 'removed')),
    state_changed_at timestamptz NOT NULL DEFAULT now(),
    metadata_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX track_room_state ON track (room_id, state);
-- a video is queued at most once per room; adding it again is an upvote
CREATE UNIQUE INDEX track_queued_once ON track (room_id, video_id) WHERE state = 'queued';

ALTER TABLE room ADD CONSTRAINT room_now_playing FOREIGN KEY (now_playing_id) REFERENCES track (id);

CREATE TABLE vote (
    track_id   bigint      NOT NULL REFERENCES track (id) ON DELETE CASCADE,
    guest_id   bigint      NOT NULL REFERENCES guest (id) ON DELETE CASCADE,
    value      smallint    NOT NULL CHECK (value IN (-1, 0, 1)),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (track_id, guest_id)
);
CREATE INDEX vote_guest ON vote (guest_id);

-- the per-room event log: gap-free seq per room; payload is the exact frame sent to clients
CREATE TABLE room_event (
    room_id    bigint      NOT NULL REFERENCES room (id) ON DELETE CASCADE,
    seq        bigint      NOT NULL,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, seq)
);

-- outcomes of state-changing requests, so a resent requestId is answered, not applied again (invariant I3)
CREATE TABLE request_log (
    guest_id   bigint      NOT NULL REFERENCES guest (id) ON DELETE CASCADE,
    request_id text        NOT NULL,
    seq        bigint,
    result     text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (guest_id, request_id)
);
CREATE INDEX request_log_created ON request_log (created_at);
