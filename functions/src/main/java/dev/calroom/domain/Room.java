package dev.calroom.domain;

import java.time.Instant;
import java.util.regex.Pattern;

/** A video-meeting room; its public URL is {@code PUBLIC_BASE_URL/name}. */
public record Room(String name, String ownerSub, boolean locked, Instant createdAt, IcsConfig ics, SyncState sync) {

    public static final Pattern NAME = Pattern.compile("[a-z0-9-]{3,64}");

    public Room {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("room name must match [a-z0-9-]{3,64}");
        }
    }

    public String publicUrl(String publicBaseUrl) {
        String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
        return base + "/" + name;
    }
}
