package dev.calroom.rooms;

import java.time.Instant;
import java.util.List;

/** Where deleted rooms are swept from: the room's marker, and its remaining items, page by page. */
public interface RoomDeletions {

    /** One page of what a deleted room left: item keys to delete, and the video rooms its meetings held. */
    record Page(List<String> sortKeys, List<String> videoRooms) {
        public boolean isEmpty() {
            return sortKeys.isEmpty();
        }
    }

    /**
     * Deletes the room item and records that its items are to be swept, in one transaction: the name is free the
     * moment this returns, and the sweep survives a function that stops half way. False when there is no room.
     */
    boolean markDeleted(String room, Instant now);

    /** Whether the items of a deleted room of that name are still being swept. */
    boolean sweepPending(String room);

    /** Names of deleted rooms whose sweep has not finished, oldest first. */
    List<String> pendingSweeps(int limit);

    /** The next items the deleted room left (never the room item of a room created since), at most {@code limit}. */
    Page nextPage(String room, int limit);

    void deleteItems(String room, List<String> sortKeys);

    /** The sweep of the room is over. */
    void sweepDone(String room);
}
