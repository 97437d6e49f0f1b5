package dev.calroom.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.DateTimeException;
import java.time.Instant;

/** What the queues' message formats share: a JSON object with {@code "v":1}, names of bounded length, times. */
final class MessageBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageBodies() {
    }

    static ObjectNode versionOne() {
        return JSON.createObjectNode().put("v", 1);
    }

    /** The body as a version 1 message of this {@code kind}; an {@link IllegalArgumentException} says what is wrong. */
    static JsonNode read(String body, String kind) {
        JsonNode n;
        try {
            n = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the message body is not JSON");
        }
        if (n == null || !n.isObject() || n.path("v").asInt() != 1) {
            throw new IllegalArgumentException("the message body is not a version 1 " + kind + " message");
        }
        return n;
    }

    /** A name field: present, at most 200 characters. */
    static String name(JsonNode n, String field) {
        String v = n.path(field).asText("");
        if (v.isEmpty() || v.length() > 200) {
            throw new IllegalArgumentException("the message has no " + field);
        }
        return v;
    }

    static Instant time(JsonNode n, String field) {
        try {
            return Instant.parse(n.path(field).asText());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("the message's " + field + " is not a time");
        }
    }
}
