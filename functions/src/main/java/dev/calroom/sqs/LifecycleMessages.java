package dev.calroom.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.lifecycle.DueMeeting;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * The lifecycle queue's message body: {@code {"v":1,"room":"…","meetingId":"…","mark":"…"}}, where {@code mark}
 * is the next action time the dispatch set: the worker's claim requires it, so a duplicate claims nothing.
 */
public final class LifecycleMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LifecycleMessages() {
    }

    public static String write(DueMeeting m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", 1);
        n.put("room", m.room());
        n.put("meetingId", m.meetingId());
        n.put("mark", m.nextActionAt().toString());
        return n.toString();
    }

    /** The message, or an {@link IllegalArgumentException} saying what is wrong with the body. */
    public static DueMeeting read(String body) {
        JsonNode n;
        try {
            n = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the message body is not JSON");
        }
        if (n == null || !n.isObject() || n.path("v").asInt() != 1) {
            throw new IllegalArgumentException("the message body is not a version 1 lifecycle message");
        }
        String room = n.path("room").asText("");
        String id = n.path("meetingId").asText("");
        if (room.isEmpty() || id.isEmpty() || room.length() > 200 || id.length() > 200) {
            throw new IllegalArgumentException("the message names no meeting");
        }
        try {
            return new DueMeeting(room, id, Instant.parse(n.path("mark").asText()));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("the message's mark is not a time");
        }
    }
}
