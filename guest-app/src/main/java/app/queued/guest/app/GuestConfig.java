package app.queued.guest.app;

import app.queued.guest.discovery.RoomSource;
import app.queued.guest.identity.GuestAppData;
import app.queued.guest.session.ClientParty;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Everything the guest app is made of that a test (or a user's setting) may want to choose.
 *
 * @param identityDir where the guest's identities are kept
 * @param rooms       where nearby parties come from
 * @param client      tuning of the connection to the party
 * @param clock       for now-playing progress and join times
 * @param animated    whether the queue animates its moves
 */
public record GuestConfig(Path identityDir, RoomSource rooms, ClientParty.Settings client, Clock clock,
                          boolean animated) {

    /** Environment variable (or system property {@code queued.discovery}): {@code lan}, {@code off} or an address. */
    public static final String DISCOVERY_VARIABLE = "QUEUED_DISCOVERY";

    public static GuestConfig defaults() {
        return new GuestConfig(GuestAppData.guestDir(), discoveryFromSettings(), ClientParty.Settings.defaults(),
                Clock.systemUTC(), true);
    }

    public GuestConfig withIdentityDir(Path dir) {
        return new GuestConfig(dir, rooms, client, clock, animated);
    }

    public GuestConfig withRooms(RoomSource source) {
        return new GuestConfig(identityDir, source, client, clock, animated);
    }

    public GuestConfig withClient(ClientParty.Settings settings) {
        return new GuestConfig(identityDir, rooms, settings, clock, animated);
    }

    public GuestConfig withAnimated(boolean animate) {
        return new GuestConfig(identityDir, rooms, client, clock, animate);
    }

    /**
     * {@code lan} (default): every LAN interface; {@code off}: no discovery; anything else is the address of the
     * one interface to look on, e.g. {@code 127.0.0.1} to find only parties on this machine.
     */
    static RoomSource discoveryFromSettings() {
        String setting = System.getProperty("queued.discovery", System.getenv(DISCOVERY_VARIABLE));
        if (setting == null || setting.isBlank() || setting.strip().equalsIgnoreCase("lan")) {
            return RoomSource.lan();
        }
        if (setting.strip().toLowerCase(Locale.ROOT).equals("off")) {
            return RoomSource.off();
        }
        try {
            return RoomSource.on(InetAddress.getByName(setting.strip()));
        } catch (UnknownHostException e) {
            return RoomSource.off();
        }
    }
}
