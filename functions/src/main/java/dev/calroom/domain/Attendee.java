package dev.calroom.domain;

/** An ATTENDEE of a calendar event: address, display name (CN) and participation status (PARTSTAT). */
public record Attendee(String email, String name, String status) {
}
