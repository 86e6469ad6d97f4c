-- Queued schema v3: the YouTube catalog.

-- The YouTube Data API quota meter: units spent per Pacific-time day (the API's quota day starts at midnight
-- America/Los_Angeles), shared by every server node on this database. exhausted_at is set when YouTube answered
-- quotaExceeded that day; the catalog then stops calling until the next Pacific midnight.
CREATE TABLE youtube_quota (
    day          date        PRIMARY KEY,
    units        bigint      NOT NULL DEFAULT 0 CHECK (units >= 0),
    exhausted_at timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- YouTube's terms allow keeping API data (titles, thumbnails, durations) for 30 days without refreshing it:
-- the catalog's retention job looks for tracks by metadata_at.
CREATE INDEX track_metadata_at ON track (metadata_at);
