package dev.calroom.domain;

/**
 * How calendar meetings are keyed. {@link #SLOT} (the default) gives one meeting per room, start and end, so the
 * copies of one booking that aggregated feeds carry under different UIDs share a meeting. {@link #EVENT} gives one
 * meeting per event occurrence, for shared rooms where two bookings at the same time are both real.
 */
public enum MeetingKeyMode {
    SLOT("slot"),
    EVENT("event");

    private final String wire;

    MeetingKeyMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static MeetingKeyMode fromWire(String value) {
        for (MeetingKeyMode m : values()) {
            if (m.wire.equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown meeting key mode '" + value + "' (expected slot or event)");
    }
}
