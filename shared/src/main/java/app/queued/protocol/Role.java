package app.queued.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a member of a room may do. The host may do everything; a co-host everything but closing the room and
 * changing roles; a guest adds, votes, removes their own tracks and asks to skip.
 */
public enum Role {
    HOST("host"),
    COHOST("cohost"),
    GUEST("guest");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Host or co-host: may moderate. */
    public boolean moderates() {
        return this == HOST || this == COHOST;
    }

    @JsonCreator
    public static Role fromWire(String wire) {
        for (Role role : values()) {
            if (role.wire.equals(wire)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + wire + "'");
    }
}
