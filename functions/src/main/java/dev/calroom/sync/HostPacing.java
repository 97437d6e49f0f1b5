package dev.calroom.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spreads the due rooms of one dispatch over the dispatch window so that no feed host gets more than
 * {@code perHostPerSecond} requests in any second. A room is sent for its own due time (rooms fall due at their own
 * times, which keeps the load spread once a room has synced); when its host's second is full it moves to the next
 * second with room. What does not fit in the window stays due for the next dispatch: a herd of rooms on one host
 * (created together, or due together after an outage) is worked off at the host's pace instead of all at once.
 */
public final class HostPacing {

    /** A room and the delay its message is sent with. */
    public record Slot(DueRoom room, Duration delay) {
    }

    /** The rooms sent now, and how many stay due for the next dispatch. */
    public record Plan(List<Slot> slots, int deferred) {
    }

    private final int perHostPerSecond;
    private final Duration window;

    public HostPacing(int perHostPerSecond, Duration window) {
        if (perHostPerSecond < 1) {
            throw new IllegalArgumentException("perHostPerSecond must be at least 1");
        }
        this.perHostPerSecond = perHostPerSecond;
        this.window = window;
    }

    /** @param due rooms in order of their due time, oldest first */
    public Plan plan(List<DueRoom> due, Instant now) {
        long windowSeconds = Math.max(1, window.toSeconds());
        Map<String, Map<Long, Integer>> used = new HashMap<>();
        List<Slot> slots = new ArrayList<>(due.size());
        int deferred = 0;
        for (DueRoom r : due) {
            long second = Math.max(0, ceilSeconds(Duration.between(now, r.nextSyncAt())));
            // A room without a recorded host is its own host: nothing to spread it against.
            String host = r.feedHost() != null ? r.feedHost() : "room:" + r.name();
            Map<Long, Integer> seconds = used.computeIfAbsent(host, h -> new HashMap<>());
            while (seconds.getOrDefault(second, 0) >= perHostPerSecond) {
                second++;
            }
            if (second >= windowSeconds) {
                deferred++;
                continue;
            }
            seconds.merge(second, 1, Integer::sum);
            slots.add(new Slot(r, Duration.ofSeconds(second)));
        }
        return new Plan(slots, deferred);
    }

    private static long ceilSeconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }
}
