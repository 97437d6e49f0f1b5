package dev.calroom.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.sync.QueuedSync;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * The sync queue's message body: {@code {"v":1,"room":"…","dueAt":"…","dispatchedFor":"…"}}. It names the room
 * only; the feed URL (a secret) is read from the table by the worker, never carried in a message.
 */
public final class SyncMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncMessages() {
    }

    public static String write(QueuedSync m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", 1);
        n.put("room", m.room());
        n.put("dueAt", m.dueAt().toString());
        n.put("dispatchedFor", m.dispatchedFor().toString());
        return n.toString();
    }

    /** The message, or an {@link IllegalArgumentException} saying what is wrong with the body. */
    public static QueuedSync read(String body) {
        JsonNode n;
        try {
            n = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the message body is not JSON");
        }
        if (n == null || !n.isObject() || n.path("v").asInt() != 1) {
            throw new IllegalArgumentException("the message body is not a version 1 sync message");
        }
        String room = n.path("room").asText("");
        if (room.isEmpty() || room.length() > 200) {
            throw new IllegalArgumentException("the message names no room");
        }
        try {
            return new QueuedSync(room, Instant.parse(n.path("dueAt").asText()),
                    Instant.parse(n.path("dispatchedFor").asText()), Duration.ZERO);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("the message's dueAt or dispatchedFor is not a time");
        }
    }
}
