package dev.calroom.rooms;

import dev.calroom.domain.IcsConfig;

/** A room as its owner asks for it. {@code ics} is null for a room without a calendar feed. */
public record RoomDraft(String name, boolean locked, IcsConfig ics) {
}
