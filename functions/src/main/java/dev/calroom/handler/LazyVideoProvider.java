package dev.calroom.handler;

import dev.calroom.domain.VideoRoom;
import dev.calroom.meetings.MeetingTokenRequest;
import dev.calroom.meetings.VideoParticipant;
import dev.calroom.meetings.VideoProvider;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The video provider, built on its first call: a route that never calls Daily (listing meetings) never builds the
 * Daily client, its HTTP client or its secret's supplier.
 */
final class LazyVideoProvider implements VideoProvider {

    private final Supplier<VideoProvider> build;

    LazyVideoProvider(Supplier<VideoProvider> build) {
        this.build = build;
    }

    @Override
    public VideoRoom createRoom(String name, Instant expiresAt) {
        return build.get().createRoom(name, expiresAt);
    }

    @Override
    public boolean setRoomExpiry(String name, Instant expiresAt) {
        return build.get().setRoomExpiry(name, expiresAt);
    }

    @Override
    public boolean roomExists(String name) {
        return build.get().roomExists(name);
    }

    @Override
    public void deleteRoom(String name) {
        build.get().deleteRoom(name);
    }

    @Override
    public List<VideoParticipant> presence(String name) {
        return build.get().presence(name);
    }

    @Override
    public String createToken(MeetingTokenRequest request) {
        return build.get().createToken(request);
    }
}
