package dev.calroom.sync;

import java.time.Duration;

/**
 * @param window           rooms due within this much of now are dispatched, each delivered at its own due time
 *                         (the dispatcher runs once a minute, so its window is a minute)
 * @param inlineMaxRooms   with at most this many rooms due, the dispatcher syncs them itself (no queue round trip)
 * @param maxRoomsPerRun   rooms one dispatch reads from the index at most
 * @param redispatchAfter  a dispatched room whose message was lost (never synced) is dispatched again after this
 * @param perHostPerSecond requests one feed host gets per second at most from one dispatch ({@link HostPacing})
 * @param shards           shards of the due-sync index, read in parallel
 */
public record DispatchSettings(Duration window, int inlineMaxRooms, int maxRoomsPerRun, Duration redispatchAfter,
                               int perHostPerSecond, int shards) {
}
