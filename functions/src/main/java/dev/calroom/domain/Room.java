package dev.calroom.domain;

import java.time.Instant;
import java.util.regex.Pattern;

/** A video-meeting room; its public URL is {@code PUBLIC_BASE_URL/name}. */
public record Room(String name, String ownerSub, boolean locked, Instant createdAt, IcsConfig ics, SyncState sync) {

    public static final Pattern NAME = Pattern.compile("[a-z0-9-]{3,64}");
    /** Names the web pages' own paths use ({@code /assets/...}) or may use; no room takes them. */
    public static final java.util.Set<String> RESERVED_NAMES = java.util.Set.of("assets", "api", "auth", "signin",
            "callback", "static", "config", Room.PRIMING_NAME);

    /** The room SnapStart priming reads: reserved, so that it never exists and priming never touches a real room. */
    public static final String PRIMING_NAME = "calroom-priming";

    /** True for a name the web pages keep for themselves. */
    public static boolean isReservedName(String name) {
        return RESERVED_NAMES.contains(name);
    }

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
