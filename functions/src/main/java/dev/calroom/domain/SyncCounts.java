package dev.calroom.domain;

/**
 * What one sync saw and changed, and what the room's limits left out: occurrences past the number one sync stores,
 * meetings past the number one room may have in the meeting window.
 */
public record SyncCounts(int inFeed, int matched, int created, int updated, int deleted, int meetingsCreated,
                         int meetingsCancelled, int occurrencesLeftOut, int meetingsLeftOut) {

    public static final SyncCounts NONE = new SyncCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public boolean limited() {
        return occurrencesLeftOut > 0 || meetingsLeftOut > 0;
    }
}
