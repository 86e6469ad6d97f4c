package app.queued.guest.identity;

import app.queued.appdata.AppData;
import java.nio.file.Path;

/** The guest app keeps its files in {@code guest/} inside the user's Queued app-data folder ({@link AppData}). */
public final class GuestAppData {
    private GuestAppData() {
    }

    public static Path guestDir() {
        return AppData.defaultDir().resolve("guest");
    }
}
