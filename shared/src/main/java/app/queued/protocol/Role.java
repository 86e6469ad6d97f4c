package app.queued.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a member of a room may do. Co-hosts and bans belong to the room-rules work. */
public enum Role {
    HOST("host"),
    GUEST("guest");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
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
