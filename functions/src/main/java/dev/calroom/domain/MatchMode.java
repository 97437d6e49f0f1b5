package dev.calroom.domain;

import java.util.Locale;

/** Which events of a room's feed belong to the room. */
public enum MatchMode {
    /** The event names the room's public URL in LOCATION, DESCRIPTION, URL or a conference property. */
    ROOM_URL("room-url"),
    /** Every event of the feed: a calendar dedicated to the room. */
    ALL("all");

    private final String wire;

    MatchMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static MatchMode fromWire(String value) {
        for (MatchMode m : values()) {
            if (m.wire.equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown match mode '" + value + "' (expected room-url or all)");
    }

    @Override
    public String toString() {
        return wire.toLowerCase(Locale.ROOT);
    }
}
