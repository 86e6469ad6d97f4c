package app.queued.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageUrlsTest {
    @Test
    void acceptsJdbcAndLibpqForms() {
        assertThat(StorageUrls.jdbc("jdbc:postgresql://db:5432/q?user=x"))
                .isEqualTo(new StorageUrls.Jdbc("jdbc:postgresql://db:5432/q?user=x", null, null));
        assertThat(StorageUrls.jdbc("postgresql://ann:s3cret@db.local:6543/party"))
                .isEqualTo(new StorageUrls.Jdbc("jdbc:postgresql://db.local:6543/party", "ann", "s3cret"));
        assertThat(StorageUrls.jdbc("postgres://127.0.0.1"))
                .isEqualTo(new StorageUrls.Jdbc("jdbc:postgresql://127.0.0.1:5432/postgres", null, null));
    }

    @Test
    void refusesOtherUrlsWithoutEchoingPasswords() {
        assertThatThrownBy(() -> StorageUrls.jdbc("mysql://root:hunter2@db/x"))
                .hasMessageContaining("QUEUED_DB_URL").hasMessageNotContaining("hunter2");
    }
}
