package dev.calroom.domain;

/** Outcome of a room's last sync. */
public enum SyncStatus {
    /** The feed was read and the room's events and meetings brought in step with it. */
    SYNCED("synced"),
    /** The feed had not changed; the window was re-evaluated from the stored events. */
    UNCHANGED("unchanged"),
    /** The feed could not be fetched or read; nothing stored was changed. */
    ERROR("error"),
    /** Another sync of the room held its lease. */
    SKIPPED("skipped");

    private final String wire;

    SyncStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static SyncStatus fromWire(String s) {
        for (SyncStatus v : values()) {
            if (v.wire.equals(s)) {
                return v;
            }
        }
        return null;
    }
}
