package dev.calroom.lifecycle;

/**
 * What one lifecycle run did.
 *
 * @param leftForNextRun due meetings the run had no time or room for
 */
public record LifecycleRunSummary(int due, int handled, int videoRoomsCreated, int meetingsEnded,
                                  int videoRoomsDeleted, int leasesExtended, int failures, int leftForNextRun) {
}
