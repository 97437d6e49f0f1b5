package dev.calroom.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * One room's sync, queued by the dispatcher.
 *
 * @param dueAt         when the room's sync was due (end-to-end lag is measured from it)
 * @param dispatchedFor the next sync time the dispatch set; the worker's claim requires it still to be there
 * @param delay         how long the queue holds the message before delivering it (the room's due time, spread
 *                      per feed host)
 */
public record QueuedSync(String room, Instant dueAt, Instant dispatchedFor, Duration delay) {
}
