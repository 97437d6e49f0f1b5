package dev.calroom.domain;

/** What one sync saw and changed. */
public record SyncCounts(int inFeed, int matched, int created, int updated, int deleted, int meetingsCreated,
                         int meetingsCancelled) {

    public static final SyncCounts NONE = new SyncCounts(0, 0, 0, 0, 0, 0, 0);
}
