package dev.calroom.sync;

import dev.calroom.domain.SyncCounts;
import dev.calroom.domain.SyncStatus;
import dev.calroom.support.Log;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Syncs the rooms whose fetch interval has elapsed, found through the due-sync index (never a scan), on virtual
 * threads with bounded concurrency. A room's failure is its own; rooms not started before the time budget runs low
 * are left for the next run (they stay due).
 */
public final class ScheduledSyncService {

    private final RoomStore rooms;
    private final RoomSyncService sync;
    private final Clock clock;
    private final int concurrency;
    private final int maxRoomsPerRun;
    /** A room is only started while at least this much of the budget is left (one fetch's worst case). */
    private final Duration perRoomReserve;

    public ScheduledSyncService(RoomStore rooms, RoomSyncService sync, Clock clock, int concurrency,
                                int maxRoomsPerRun, Duration perRoomReserve) {
        this.rooms = rooms;
        this.sync = sync;
        this.clock = clock;
        this.concurrency = concurrency;
        this.maxRoomsPerRun = maxRoomsPerRun;
        this.perRoomReserve = perRoomReserve;
    }

    /** Runs once within {@code budget} of wall time. */
    public SyncRunSummary runDue(Duration budget) {
        return run(rooms.dueForSync(clock.instant(), maxRoomsPerRun), budget);
    }

    /** Syncs the given rooms within {@code budget} of wall time, at most {@code maxRoomsPerRun} of them. */
    public SyncRunSummary run(List<String> due, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        if (due.size() > maxRoomsPerRun) {
            due = due.subList(0, maxRoomsPerRun);
        }
        Semaphore permits = new Semaphore(concurrency);
        List<Future<SyncReport>> futures = new ArrayList<>(due.size());
        int left = 0;
        String correlationId = Log.correlationId();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String room : due) {
                if (!acquire(permits, deadline)) {
                    left++;
                    continue;
                }
                futures.add(executor.submit(() -> {
                    Log.correlationId(correlationId);
                    try {
                        return sync.sync(room);
                    } catch (RuntimeException e) {
                        Log.error("room sync crashed", e, "room", room);
                        return new SyncReport(room, SyncStatus.ERROR, SyncCounts.NONE,
                                "internal error: " + e.getClass().getSimpleName());
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<SyncReport> reports = new ArrayList<>(futures.size());
            for (Future<SyncReport> f : futures) {
                try {
                    long wait = Math.max(1, deadline - System.nanoTime() + perRoomReserve.toNanos());
                    reports.add(f.get(wait, TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    f.cancel(true);
                    left++;
                } catch (ExecutionException e) {
                    left++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            executor.shutdownNow();
            SyncRunSummary summary = new SyncRunSummary(due.size(), reports, left);
            Log.info("scheduled sync finished", "due", due.size(), "synced", summary.count(SyncStatus.SYNCED),
                    "unchanged", summary.count(SyncStatus.UNCHANGED), "errors", summary.count(SyncStatus.ERROR),
                    "skipped", summary.count(SyncStatus.SKIPPED), "leftForNextRun", left);
            return summary;
        }
    }

    private boolean acquire(Semaphore permits, long deadline) {
        try {
            long wait = deadline - System.nanoTime() - perRoomReserve.toNanos();
            return wait > 0 && permits.tryAcquire(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
