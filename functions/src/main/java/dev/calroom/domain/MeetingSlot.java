package dev.calroom.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The identity of a calendar meeting: the room plus start and end instants (slot keying), or plus the event
 * occurrence (event keying). The id sorts by start, so a room's meetings can be read in time order.
 */
public record MeetingSlot(Instant startsAt, Instant endsAt) {

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** {@code 20261122T100000Z-20261122T110000Z}. */
    public String id() {
        return compact(startsAt) + "-" + compact(endsAt);
    }

    /** The id of an event-keyed meeting: the slot id plus a digest of the occurrence key. */
    public String id(MeetingKeyMode mode, String eventKey) {
        if (mode == MeetingKeyMode.SLOT) {
            return id();
        }
        return id() + "-e" + digest(eventKey);
    }

    /** The smallest id that sorts at or after a start instant. */
    public static String lowerBound(Instant startsAt) {
        return compact(startsAt);
    }

    static String compact(Instant t) {
        return COMPACT.format(t);
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
