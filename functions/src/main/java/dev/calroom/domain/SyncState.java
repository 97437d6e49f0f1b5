package dev.calroom.domain;

import java.time.Instant;

/**
 * A room's feed sync state.
 *
 * @param contentHash  SHA-256 of the last feed body read
 * @param coveredUntil the end of the horizon the stored events were read for; an unchanged feed need not be read
 *                     again while the window ends before it
 * @param hadEvents    the last successful read found at least one VEVENT (an empty feed afterwards is suspect)
 */
public record SyncState(SyncStatus status, String error, Instant lastAttemptAt, Instant lastSuccessAt, String etag,
                        String lastModified, String contentHash, Instant coveredUntil, boolean hadEvents,
                        SyncCounts counts, Instant nextSyncAt) {

    public static SyncState never(Instant nextSyncAt) {
        return new SyncState(null, null, null, null, null, null, null, null, false, SyncCounts.NONE, nextSyncAt);
    }
}
