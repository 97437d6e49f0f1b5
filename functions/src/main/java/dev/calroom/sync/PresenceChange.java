package dev.calroom.sync;

/** What a presence update did to a meeting. */
public enum PresenceChange {
    /** The meeting's presence changed. */
    APPLIED,
    /** Already recorded, superseded, or the meeting is over: nothing changed. */
    IGNORED,
    /** No such meeting. */
    UNKNOWN_MEETING
}
