package dev.calroom.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calroom.lifecycle.DueMeeting;

/**
 * The lifecycle queue's message body: {@code {"v":1,"room":"…","meetingId":"…","mark":"…"}}, where {@code mark}
 * is the next action time the dispatch set: the worker's claim requires it, so a duplicate claims nothing.
 */
public final class LifecycleMessages {

    private LifecycleMessages() {
    }

    public static String write(DueMeeting m) {
        return MessageBodies.versionOne().put("room", m.room()).put("meetingId", m.meetingId())
                .put("mark", m.nextActionAt().toString()).toString();
    }

    /** The message, or an {@link IllegalArgumentException} saying what is wrong with the body. */
    public static DueMeeting read(String body) {
        JsonNode n = MessageBodies.read(body, "lifecycle");
        return new DueMeeting(MessageBodies.name(n, "room"), MessageBodies.name(n, "meetingId"),
                MessageBodies.time(n, "mark"));
    }
}
