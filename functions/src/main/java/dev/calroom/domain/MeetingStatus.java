package dev.calroom.domain;

/** Where a meeting is in its life. */
public enum MeetingStatus {
    SCHEDULED("scheduled"), ACTIVE("active"), ENDED("ended"), CANCELLED("cancelled");

    private final String wire;

    MeetingStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static MeetingStatus fromWire(String s) {
        for (MeetingStatus v : values()) {
            if (v.wire.equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown meeting status " + s);
    }
}
