package app.queued.server.catalog.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.ErrorCode;
import app.queued.server.catalog.CatalogResources;
import app.queued.server.store.Database;
import app.queued.server.testing.TestStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** YouTube's 30-day rule on the metadata stored in PostgreSQL, and known videos as a quota-free fallback. */
class StoredMetadataTest {
    static final String KEY = YouTubeCatalogTest.KEY;

    FakeYouTube yt;
    String url;
    Database db;
    YouTubeCatalog catalog;

    @BeforeEach
    void start() throws Exception {
        yt = new FakeYouTube();
        yt.video("refreshme01").title("New title & all").channel("New channel").duration("PT2M").add();
        yt.video("knownfresh1").title("Known fresh").add();
        url = TestStorage.get().newDatabase();
        db = Database.open(url, null, null, 2);
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO room (id, name, join_code, host_token_hash) VALUES (1, 'r', 'ABCDEF', 'h')");
            s.execute("INSERT INTO guest (id, room_id, nickname, role) VALUES (1, 1, 'Host', 'host')");
            track(s, "refreshme01", "queued", 28);   // due for refresh, still on YouTube
            track(s, "deletedvid1", "queued", 31);   // due, but gone from YouTube: dropped
            track(s, "playedold01", "played", 31);   // history older than 30 days: dropped
            track(s, "knownfresh1", "played", 5);    // recent: kept
            track(s, "queuedok001", "queued", 10);   // recent: kept
        }
        catalog = YouTubeCatalog.builder(YouTubeCredentials.apiKeyOnly(KEY)).rootUrl(yt.rootUrl()).region("US")
                .retentionPeriod(null).build();
        catalog.attach(new CatalogResources(db.dataSource(), null, TestStorage.newRedisPrefix()));
    }

    private static void track(Statement s, String videoId, String state, int daysOld) throws Exception {
        s.execute("INSERT INTO track (room_id, video_id, title, channel, duration_s, thumbnail_url, added_by, state, "
                + "metadata_at) VALUES (1, '" + videoId + "', 'Old " + videoId + "', 'Old channel', 100, "
                + "'https://i.ytimg.com/vi/" + videoId + "/hqdefault.jpg', 1, '" + state + "', now() - interval '"
                + daysOld + " days')");
    }

    @AfterEach
    void stop() {
        catalog.close();
        db.close();
        TestStorage.get().dropDatabase(url);
        yt.close();
    }

    private String[] row(String videoId) throws Exception {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT title, channel, duration_s, thumbnail_url, "
                     + "extract(epoch FROM now() - metadata_at)::int FROM track WHERE video_id = ?")) {
            ps.setString(1, videoId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)};
            }
        }
    }

    @Test
    void refreshesWhatIsDueAndDropsWhatIsTooOld() throws Exception {
        YouTubeCatalog.Retention result = catalog.refreshStoredMetadata();

        assertThat(result).isEqualTo(new YouTubeCatalog.Retention(1, 2));
        assertThat(yt.videoCalls.get()).as("one videos.list for every video due").isEqualTo(1);
        assertThat(catalog.quota().unitsUsedToday()).isEqualTo(1);
        assertThat(row("refreshme01")).containsExactly("New title & all", "New channel", "120",
                "https://i.ytimg.com/vi/refreshme01/hqdefault.jpg", "0");
        assertThat(row("deletedvid1")).containsExactly("YouTube video deletedvid1", "", "0", null, "0");
        assertThat(row("playedold01")).containsExactly("", "", "0", null, "0");
        assertThat(row("knownfresh1")[0]).isEqualTo("Old knownfresh1");
        assertThat(row("queuedok001")[0]).isEqualTo("Old queuedok001");

        assertThat(catalog.refreshStoredMetadata()).as("nothing left to do").isEqualTo(new YouTubeCatalog.Retention(0, 0));
        assertThat(yt.videoCalls.get()).isEqualTo(1);
    }

    @Test
    void withoutQuotaStoredMetadataIsDroppedNotKeptPastThirtyDays() throws Exception {
        yt.quotaExhausted = true;
        catalog.quota().markExhausted();
        YouTubeCatalog.Retention result = catalog.refreshStoredMetadata();
        assertThat(result).isEqualTo(new YouTubeCatalog.Retention(0, 2));
        assertThat(row("refreshme01")[0]).as("27-30 days: waits for quota").isEqualTo("Old refreshme01");
        assertThat(yt.apiCalls()).isZero();
    }

    @Test
    void knownVideosResolveWhenYouTubeCannotBeAsked() throws Exception {
        yt.quotaExhausted = true;
        assertThat(catalog.lookup("knownfresh1").title()).as("stored within 30 days").isEqualTo("Old knownfresh1");
        assertThat(catalog.lookup("queuedok001").title()).isEqualTo("Old queuedok001");
        catalog.refreshStoredMetadata();
        assertThat(YouTubeCatalogTest.error(() -> catalog.lookup("playedold01")).code())
                .as("dropped metadata is not served").isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(YouTubeCatalogTest.error(() -> catalog.lookup("neverseen01")).code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
    }
}
