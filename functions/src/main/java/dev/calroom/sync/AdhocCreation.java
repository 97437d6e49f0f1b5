package dev.calroom.sync;

import dev.calroom.domain.Meeting;

/**
 * What an unscheduled create under an idempotency key produced.
 *
 * @param meeting  the meeting made now, or the one the key's first request made
 * @param replayed true when an earlier request with the same key made it
 * @param reused   true when the key was used before with a different request body (nothing was created)
 */
public record AdhocCreation(Meeting meeting, boolean replayed, boolean reused) {

    public static AdhocCreation created(Meeting m) {
        return new AdhocCreation(m, false, false);
    }

    public static AdhocCreation replay(Meeting first) {
        return new AdhocCreation(first, true, false);
    }

    public static AdhocCreation keyReused(Meeting first) {
        return new AdhocCreation(first, true, true);
    }
}
