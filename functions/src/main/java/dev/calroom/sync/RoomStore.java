package dev.calroom.sync;

import dev.calroom.domain.Room;
import dev.calroom.domain.SyncState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rooms and their feed sync state. */
public interface RoomStore {

    Optional<Room> get(String name);

    /** Creates a room; false when the name is taken. */
    boolean create(Room room);

    /** Names of rooms with an enabled feed whose next sync time has come, oldest first, at most {@code limit}. */
    List<String> dueForSync(Instant now, int limit);

    /**
     * Claims the room's sync lease until {@code leaseUntil} when no unexpired lease is held, and moves its next sync
     * time on. False when another sync holds the lease (or the room is gone).
     */
    boolean claimLease(String room, String owner, Instant now, Instant leaseUntil, Instant nextSyncAt);

    /**
     * As {@link #claimLease(String, String, Instant, Instant, Instant)}, for a sync a dispatcher queued: only while
     * the room's next sync time is still {@code dispatchedFor}, the time the dispatch set. A duplicate delivery, or
     * a message older than the room's last sync, claims nothing.
     */
    boolean claimLease(String room, String owner, Instant now, Instant leaseUntil, Instant nextSyncAt,
                       Instant dispatchedFor);

    /**
     * Records a finished sync and releases the lease; false when the lease was lost to another sync meanwhile. A
     * non-null {@link SyncState#nextSyncAt()} replaces the next sync time the claim set (a failed sync's backoff).
     */
    boolean finishSync(String room, String owner, SyncState state);

    /** The rooms a user owns, by name. */
    List<Room> listOwnedBy(String ownerSub);

    /** Applies a partial update; empty when the room does not exist. */
    Optional<Room> update(String name, RoomPatch patch, Instant now);


    /**
     * Records a manual sync at {@code now} unless one was recorded less than {@code minInterval} ago. Empty when
     * recorded, else the time of the earlier one.
     */
    Optional<Instant> claimManualSync(String name, Instant now, java.time.Duration minInterval);
}
