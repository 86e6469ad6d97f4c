package app.queued.host.settings;

import app.queued.fx.Background;
import app.queued.fx.UiThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsTest {
    @TempDir
    Path appData;

    @Test
    void savedSettingsComeBackAndOnlyTheUserCanReadThem() throws Exception {
        SettingsStore store = new SettingsStore(appData);
        assertThat(store.load()).isEqualTo(HostSettings.DEFAULTS);
        HostSettings external = new HostSettings("external", "postgresql://q@db:5432/q", "secret",
                "redis://cache:6379", 7800, "youtube", "client-id", null, false);
        store.save(external);

        assertThat(new SettingsStore(appData).load()).isEqualTo(external);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    }

    @Test
    void anUnreadableFileMeansDefaults() throws Exception {
        Files.writeString(appData.resolve(SettingsStore.FILE_NAME), "{not json");
        assertThat(new SettingsStore(appData).load()).isEqualTo(HostSettings.DEFAULTS);
    }

    private SettingsViewModel model(SettingsStore store) {
        return new SettingsViewModel(store, HostSettings.DEFAULTS, HostSettings.DEFAULTS, false, null, () -> "",
                Background.direct(), UiThread.direct());
    }

    @Test
    void theFormChecksWhatItCanBeforeSaving() {
        SettingsStore store = new SettingsStore(appData);
        SettingsViewModel model = model(store);
        model.portProperty().set("seventy");
        model.save();
        assertThat(model.errorProperty().get()).contains("port must be a number");

        model.portProperty().set("7765");
        model.externalProperty().set(true);
        model.save();
        assertThat(model.errorProperty().get()).contains("PostgreSQL URL");

        model.dbUrlProperty().set("mysql://nope");
        model.save();
        assertThat(model.errorProperty().get()).contains("QUEUED_DB_URL must look like");
        assertThat(store.file()).doesNotExist();
    }

    @Test
    void savingANewPortAsksForARestart() {
        SettingsStore store = new SettingsStore(appData);
        SettingsViewModel model = model(store);
        model.portProperty().set("7799");
        model.save();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.restartNeededProperty().get()).isTrue();
        assertThat(store.load().port()).isEqualTo(7799);

        SettingsViewModel again = model(store);
        again.advertiseProperty().set(false);
        again.save();
        assertThat(again.restartNeededProperty().get()).isFalse();
    }
}
