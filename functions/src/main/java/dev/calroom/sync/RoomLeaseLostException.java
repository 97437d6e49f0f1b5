package dev.calroom.sync;

/**
 * A sync's write was refused because the room no longer carries that sync's lease: the room was deleted (or deleted
 * and created again under its name), or another sync took the room over after the lease ran out. Nothing more is
 * written for the room by that sync.
 */
public final class RoomLeaseLostException extends RuntimeException {

    public RoomLeaseLostException(String room) {
        super("room '" + room + "' was deleted, or its sync taken over, while it synced; nothing more was written");
    }
}
