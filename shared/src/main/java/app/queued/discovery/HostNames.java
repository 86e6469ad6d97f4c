package app.queued.discovery;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * mDNS host names for our responders. Each JmDNS instance claims a {@code .local} host name and must defend it; two
 * instances on one machine (host app and guest app, or a test's) with the same name would go through a conflict
 * round first, which delays everything by seconds. A short random suffix avoids that.
 */
final class HostNames {
    private static final SecureRandom RANDOM = new SecureRandom();

    private HostNames() {
    }

    static String unique(String prefix) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return prefix + "-" + HexFormat.of().formatHex(suffix);
    }
}
