package dev.calroom.domain;

import java.time.Instant;

/**
 * A room's feed sync state.
 *
 * @param contentHash         SHA-256 of the last feed body read
 * @param coveredUntil        the end of the horizon the stored events were read for; an unchanged feed need not be
 *                            read again while the window ends before it
 * @param hadEvents           the last successful read found at least one VEVENT (an empty feed afterwards is suspect)
 * @param consecutiveFailures failed syncs since the last successful one ({@link SyncBackoff})
 * @param lastDurationMillis  how long the last sync took, fetch included (null: not recorded)
 */
public record SyncState(SyncStatus status, String error, Instant lastAttemptAt, Instant lastSuccessAt, String etag,
                        String lastModified, String contentHash, Instant coveredUntil, boolean hadEvents,
                        SyncCounts counts, Instant nextSyncAt, int consecutiveFailures, Long lastDurationMillis) {

    public SyncState(SyncStatus status, String error, Instant lastAttemptAt, Instant lastSuccessAt, String etag,
                     String lastModified, String contentHash, Instant coveredUntil, boolean hadEvents,
                     SyncCounts counts, Instant nextSyncAt) {
        this(status, error, lastAttemptAt, lastSuccessAt, etag, lastModified, contentHash, coveredUntil, hadEvents,
                counts, nextSyncAt, 0, null);
    }

    public static SyncState never(Instant nextSyncAt) {
        return new SyncState(null, null, null, null, null, null, null, null, false, SyncCounts.NONE, nextSyncAt);
    }
}
