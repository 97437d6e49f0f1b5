package dev.calroom.sync;

import java.time.Instant;

/** A room whose feed is due, as the due-sync index lists it. {@code feedHost} may be null (not yet recorded). */
public record DueRoom(String name, Instant nextSyncAt, String feedHost) {
}
