package dev.calroom.domain;

import java.time.Instant;

/**
 * A meeting's room at the video provider.
 *
 * @param expiresAt when the provider closes the room to new joins (extended while people are in it)
 */
public record VideoRoom(String name, String url, Instant expiresAt) {
}
