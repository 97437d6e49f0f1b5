package dev.calroom.rooms;

import dev.calroom.domain.Room;

/**
 * A room's feed as its owner sees it.
 *
 * @param upcomingEvents stored events that have not ended
 */
public record FeedStatus(Room room, int upcomingEvents) {
}
