package dev.calroom.sync;

import dev.calroom.support.Log;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Syncs a batch of queued rooms at once, one virtual thread per room (feed fetches wait on the network, so a batch
 * of dozens costs little more than its slowest feed). A room's outcome is its own: a sync that ran, whatever it
 * found (a feed error is recorded on the room with its backoff), is done; one that could not claim the room
 * because of an error, or did not finish within the budget, is failed and comes back from the queue. A duplicate
 * delivery finds the room's dispatch mark gone and syncs nothing.
 */
public final class SyncWorker {

    /**
     * One message's outcome: a report when the sync ran, else why it failed; {@code lagMillis} is the time from the
     * room's due time to the end of its sync (0 when it did not run).
     */
    public record Outcome(QueuedSync message, SyncReport report, String failure, long lagMillis) {
        public boolean failed() {
            return report == null;
        }
    }

    private final RoomSyncService sync;
    private final Clock clock;

    public SyncWorker(RoomSyncService sync, Clock clock) {
        this.sync = sync;
        this.clock = clock;
    }

    public List<Outcome> syncAll(List<QueuedSync> batch, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        String correlationId = Log.correlationId();
        List<Future<SyncReport>> futures = new ArrayList<>(batch.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (QueuedSync m : batch) {
                futures.add(executor.submit(() -> {
                    Log.correlationId(correlationId);
                    return sync.sync(m.room(), m.dispatchedFor());
                }));
            }
            List<Outcome> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                QueuedSync m = batch.get(i);
                Future<SyncReport> f = futures.get(i);
                try {
                    SyncReport report = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    long lag = report.status() == dev.calroom.domain.SyncStatus.SKIPPED ? 0
                            : Math.max(0, Duration.between(m.dueAt(), clock.instant()).toMillis());
                    out.add(new Outcome(m, report, null, lag));
                } catch (TimeoutException e) {
                    f.cancel(true);
                    out.add(new Outcome(m, null, "did not finish within the invocation's budget", 0));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    Log.error("queued sync failed before claiming the room; the queue delivers it again",
                            cause, "room", m.room());
                    out.add(new Outcome(m, null, cause.getClass().getSimpleName(), 0));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.add(new Outcome(m, null, "interrupted", 0));
                }
            }
            executor.shutdownNow();
            return out;
        }
    }
}
