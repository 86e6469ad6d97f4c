package app.queued.server.catalog.youtube;

import app.queued.protocol.CatalogEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * YouTube metadata the server keeps in PostgreSQL ({@code track} rows): a quota-free source for videos already
 * queued here, and the 30-day rule of YouTube's API terms — metadata older than {@link #REFRESH_AFTER_DAYS} days
 * of queued or playing tracks is refreshed (one videos.list unit per 50 videos), and whatever is still older than
 * {@link #DROP_AFTER_DAYS} days afterwards (history, or videos that cannot be refreshed) is dropped: title,
 * channel, duration and thumbnail are cleared, only the video id stays.
 */
final class StoredMetadata {
    static final int REFRESH_AFTER_DAYS = 27;
    static final int DROP_AFTER_DAYS = 30;
    private static final int REFRESH_BATCH = 500;

    private final DataSource dataSource;

    StoredMetadata(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The newest stored metadata of a video queued here within the last 30 days, if any. */
    Optional<CatalogEntry> known(String videoId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT title, channel, duration_s, thumbnail_url FROM track
                     WHERE video_id = ? AND title <> '' AND thumbnail_url IS NOT NULL
                       AND metadata_at > now() - make_interval(days => ?)
                     ORDER BY metadata_at DESC LIMIT 1""")) {
            ps.setString(1, videoId);
            ps.setInt(2, DROP_AFTER_DAYS);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CatalogEntry(videoId, rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getString(4)));
            }
        }
    }

    /** Videos of queued or playing tracks whose metadata is due for a refresh. */
    List<String> dueForRefresh() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT DISTINCT video_id FROM track
                     WHERE state IN ('queued', 'playing') AND thumbnail_url IS NOT NULL
                       AND metadata_at < now() - make_interval(days => ?)
                     LIMIT ?""")) {
            ps.setInt(1, REFRESH_AFTER_DAYS);
            ps.setInt(2, REFRESH_BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }

    /** Writes fresh metadata into every row of these videos that is due; returns the rows refreshed. */
    int refresh(Map<String, VideoFacts> fresh) throws SQLException {
        if (fresh.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     UPDATE track SET title = ?, channel = ?, duration_s = ?, thumbnail_url = ?, metadata_at = now()
                     WHERE video_id = ? AND thumbnail_url IS NOT NULL
                       AND metadata_at < now() - make_interval(days => ?)""")) {
            for (VideoFacts f : fresh.values()) {
                ps.setString(1, f.title());
                ps.setString(2, f.channel());
                ps.setInt(3, f.durationSeconds());
                ps.setString(4, f.thumbnailUrl());
                ps.setString(5, f.videoId());
                ps.setInt(6, REFRESH_AFTER_DAYS);
                ps.addBatch();
            }
            int rows = 0;
            for (int n : ps.executeBatch()) {
                rows += Math.max(0, n);
            }
            return rows;
        }
    }

    /**
     * Drops metadata older than 30 days: only the video id stays (queued or playing tracks keep a neutral title
     * so the queue still shows a line). Returns the rows dropped.
     */
    int dropExpired() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     UPDATE track
                     SET title = CASE WHEN state IN ('queued', 'playing') THEN 'YouTube video ' || video_id ELSE '' END,
                         channel = '', duration_s = 0, thumbnail_url = NULL, metadata_at = now()
                     WHERE thumbnail_url IS NOT NULL AND metadata_at < now() - make_interval(days => ?)""")) {
            ps.setInt(1, DROP_AFTER_DAYS);
            return ps.executeUpdate();
        }
    }
}
