package dev.calroom.sync;

import dev.calroom.support.Log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The every-minute sync schedule. Reads the rooms due within the next minute from the due-sync index (its shards in
 * parallel), and either syncs them itself when there are few ({@link DispatchSettings#inlineMaxRooms()}: a small
 * deployment needs no queue round trip) or queues one message per room for the sync workers, delayed to the room's
 * due time and spread per feed host ({@link HostPacing}).
 *
 * <p>Before a room is queued its next sync time is moved, conditionally on the value read, to a dispatch mark
 * {@link DispatchSettings#redispatchAfter()} ahead. That keeps the next dispatch from sending it again, makes two
 * overlapping dispatches send it once, and is what the worker's claim checks, so a duplicate delivery syncs nothing.
 * A message that could not be sent has its mark taken back; one that is lost makes the room due again at the mark.
 */
public final class SyncDispatcher {

    /** Conditional writes in flight at once while marking rooms dispatched. */
    static final int MARK_CONCURRENCY = 64;

    private final DispatchStore store;
    private final SyncQueue queue;
    private final ScheduledSyncService inline;
    private final DispatchSettings settings;
    private final HostPacing pacing;
    private final Clock clock;

    /** @param queue null when the deployment has none: every run syncs inline */
    public SyncDispatcher(DispatchStore store, SyncQueue queue, ScheduledSyncService inline,
                          DispatchSettings settings, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.inline = inline;
        this.settings = settings;
        this.pacing = new HostPacing(settings.perHostPerSecond(), settings.window());
        this.clock = clock;
    }

    public DispatchSummary run(Duration budget) {
        Instant now = clock.instant();
        List<DueRoom> due = store.dueForDispatch(now.plus(settings.window()), settings.maxRoomsPerRun(),
                settings.shards());
        if (queue == null || due.size() <= settings.inlineMaxRooms()) {
            List<String> dueNow = new ArrayList<>();
            for (DueRoom r : due) {
                if (!r.nextSyncAt().isAfter(now)) {
                    dueNow.add(r.name());
                }
            }
            SyncRunSummary run = inline.run(dueNow, budget);
            return new DispatchSummary(due.size(), 0, true, run, due.size() - dueNow.size() + run.leftForNextRun(),
                    0);
        }
        HostPacing.Plan plan = pacing.plan(due, now);
        Instant mark = now.plus(settings.redispatchAfter()).truncatedTo(ChronoUnit.MILLIS);
        List<QueuedSync> marked = markAll(plan.slots(), mark);
        int lostToOthers = plan.slots().size() - marked.size();
        List<QueuedSync> failed = marked.isEmpty() ? List.of() : queue.send(marked);
        for (QueuedSync f : failed) {
            // Not sent: give the room its due time back (unless something else moved it meanwhile).
            try {
                store.markDispatched(f.room(), f.dispatchedFor(), f.dueAt());
            } catch (RuntimeException e) {
                Log.error("dispatch mark not taken back; the room is due again at the mark", e, "room", f.room());
            }
        }
        DispatchSummary summary = new DispatchSummary(due.size(), marked.size() - failed.size(), false, null,
                plan.deferred() + lostToOthers, failed.size());
        Log.info("sync dispatch finished", "due", due.size(), "queued", summary.queued(), "deferred",
                summary.deferred(), "sendFailures", failed.size());
        return summary;
    }

    /** Marks each planned room dispatched, in parallel; only the rooms whose mark was written are sent. */
    private List<QueuedSync> markAll(List<HostPacing.Slot> slots, Instant mark) {
        Semaphore permits = new Semaphore(MARK_CONCURRENCY);
        List<Future<QueuedSync>> futures = new ArrayList<>(slots.size());
        String correlationId = Log.correlationId();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HostPacing.Slot slot : slots) {
                permits.acquireUninterruptibly();
                futures.add(executor.submit(() -> {
                    Log.correlationId(correlationId);
                    try {
                        DueRoom r = slot.room();
                        return store.markDispatched(r.name(), r.nextSyncAt(), mark)
                                ? new QueuedSync(r.name(), r.nextSyncAt(), mark, slot.delay()) : null;
                    } catch (RuntimeException e) {
                        Log.error("room not dispatched; it stays due", e, "room", slot.room().name());
                        return null;
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<QueuedSync> out = new ArrayList<>(slots.size());
            for (Future<QueuedSync> f : futures) {
                try {
                    QueuedSync q = f.get();
                    if (q != null) {
                        out.add(q);
                    }
                } catch (ExecutionException e) {
                    // logged in the task
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return out;
        }
    }
}
