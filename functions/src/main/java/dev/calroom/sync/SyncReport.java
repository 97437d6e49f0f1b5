package dev.calroom.sync;

import dev.calroom.domain.SyncCounts;
import dev.calroom.domain.SyncStatus;

/** The result of syncing one room. {@code error} never contains the feed URL. */
public record SyncReport(String room, SyncStatus status, SyncCounts counts, String error) {
}
