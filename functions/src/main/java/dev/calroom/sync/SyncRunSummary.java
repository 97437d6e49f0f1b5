package dev.calroom.sync;

import java.util.List;

/**
 * One scheduled run: the rooms found due, the reports of those synced, and how many were left for the next run
 * because the run's time budget was spent.
 */
public record SyncRunSummary(int due, List<SyncReport> reports, int leftForNextRun) {

    public long count(dev.calroom.domain.SyncStatus status) {
        return reports.stream().filter(r -> r.status() == status).count();
    }
}
