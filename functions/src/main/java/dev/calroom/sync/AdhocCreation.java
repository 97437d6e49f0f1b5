package dev.calroom.sync;

import dev.calroom.domain.Meeting;

/**
 * The meeting an unscheduled create produced.
 *
 * @param replayed true when an earlier create with the same idempotency key made it
 */
public record AdhocCreation(Meeting meeting, boolean replayed) {
}
