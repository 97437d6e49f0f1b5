package dev.calroom.lifecycle;

import java.time.Instant;

/** A meeting with lifecycle work due, as the due index lists it. */
public record DueMeeting(String room, String meetingId, Instant nextActionAt) {
}
