package dev.calroom.sync;

import java.time.Instant;
import java.util.List;

/** What the sync dispatcher reads and writes: the due-sync index and each dispatched room's next sync time. */
public interface DispatchStore {

    /**
     * Rooms with an enabled feed due at or before {@code until}, oldest first, at most {@code limit}; the index's
     * shards are read in parallel, never scanned.
     */
    List<DueRoom> dueForDispatch(Instant until, int limit, int shards);

    /**
     * Moves a due room's next sync time from {@code seen} to {@code dispatchedUntil}, so no later run sends it again
     * while its message is queued. False when the time is no longer {@code seen} (another run dispatched it, a sync
     * or an edit moved it, the feed was disabled or the room deleted): then it must not be sent.
     */
    boolean markDispatched(String room, Instant seen, Instant dispatchedUntil);
}
