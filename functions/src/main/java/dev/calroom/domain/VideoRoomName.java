package dev.calroom.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The video provider's room name of a meeting: {@code <prefix>_<room>_<meetingId>}. Room names and meeting ids never
 * contain {@code _}, so the name is unique per meeting, the same for every caller (two joins racing create one room),
 * and leads back to the meeting when a webhook names it. At most 128 characters of {@code [A-Za-z0-9_-]}.
 */
public final class VideoRoomName {

    public static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9-]{1,16}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private VideoRoomName() {
    }

    public static String of(String prefix, String room, String meetingId) {
        String name = prefix + "_" + room + "_" + meetingId;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("video room name out of range");
        }
        return name;
    }

    /** The room and meeting id a name of this deployment stands for; empty for any other name. */
    public static Optional<Key> parse(String prefix, String name) {
        if (name == null || !name.startsWith(prefix + "_")) {
            return Optional.empty();
        }
        String rest = name.substring(prefix.length() + 1);
        int sep = rest.indexOf('_');
        if (sep < 0 || rest.indexOf('_', sep + 1) >= 0) {
            return Optional.empty();
        }
        String room = rest.substring(0, sep);
        String meeting = rest.substring(sep + 1);
        if (!Room.NAME.matcher(room).matches() || meeting.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Key(room, meeting));
    }

    /** A meeting of a room. */
    public record Key(String room, String meetingId) {
    }
}
