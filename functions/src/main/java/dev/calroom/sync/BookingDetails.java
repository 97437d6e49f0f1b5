package dev.calroom.sync;

import dev.calroom.domain.Attendee;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a calendar meeting takes from the bookings (source events) that hold it: their keys, the one its title,
 * description and location come from, the union of their attendees, and its end.
 */
public record BookingDetails(Set<String> sources, String detailsSource, String title, String description,
                             String location, List<Attendee> attendees, Instant endsAt) {
}
