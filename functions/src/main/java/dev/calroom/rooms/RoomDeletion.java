package dev.calroom.rooms;

import dev.calroom.meetings.VideoProvider;
import dev.calroom.support.Log;

import java.time.Clock;
import java.time.Instant;

/**
 * Deleting a room as a durable, resumable process: the room item goes and a sweep marker is written in one
 * transaction (so the name is free at once and a sync still running for the room has every write refused), then
 * the room's events, meetings and records are swept in pages, the video rooms of its meetings deleted first, within
 * the caller's time budget. A sweep cut short is resumed by the next lifecycle run.
 */
public final class RoomDeletion {

    static final int PAGE = 100;

    private final RoomDeletions store;
    private final VideoProvider video;
    private final Clock clock;

    public RoomDeletion(RoomDeletions store, VideoProvider video, Clock clock) {
        this.store = store;
        this.video = video;
        this.clock = clock;
    }

    /** Marks the room deleted and sweeps what fits before {@code deadline}; false when there was no room. */
    public boolean delete(String room, Instant deadline) {
        if (!store.markDeleted(room, clock.instant())) {
            return false;
        }
        sweep(room, deadline);
        return true;
    }

    /** Sweeps a deleted room's items until done or {@code deadline}; true when nothing is left. */
    public boolean sweep(String room, Instant deadline) {
        while (clock.instant().isBefore(deadline)) {
            RoomDeletions.Page page = store.nextPage(room, PAGE);
            if (page.isEmpty()) {
                store.sweepDone(room);
                Log.info("deleted room swept", "room", room);
                return true;
            }
            try {
                for (String name : page.videoRooms()) {
                    video.deleteRoom(name);
                }
            } catch (RuntimeException e) {
                Log.warn("deleted room's video rooms not deleted yet; the sweep resumes later", "room", room,
                        "error", e.getMessage());
                return false;
            }
            store.deleteItems(room, page.sortKeys());
        }
        return false;
    }

    /** Resumes the sweeps of deleted rooms that a function left unfinished; answers how many finished. */
    public int resumePending(Instant deadline) {
        int done = 0;
        for (String room : store.pendingSweeps(20)) {
            if (!clock.instant().isBefore(deadline)) {
                break;
            }
            done += sweep(room, deadline) ? 1 : 0;
        }
        return done;
    }
}
