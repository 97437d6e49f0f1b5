package dev.calroom.meetings;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.Room;

/**
 * An unscheduled meeting as created.
 *
 * @param replayed true when an earlier request with the same idempotency key created it
 */
public record CreatedMeeting(Room room, Meeting meeting, boolean replayed) {
}
