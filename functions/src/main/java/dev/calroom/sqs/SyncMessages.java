package dev.calroom.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calroom.sync.QueuedSync;

import java.time.Duration;

/**
 * The sync queue's message body: {@code {"v":1,"room":"…","dueAt":"…","dispatchedFor":"…"}}. It names the room
 * only; the feed URL (a secret) is read from the table by the worker, never carried in a message.
 */
public final class SyncMessages {

    private SyncMessages() {
    }

    public static String write(QueuedSync m) {
        return MessageBodies.versionOne().put("room", m.room()).put("dueAt", m.dueAt().toString())
                .put("dispatchedFor", m.dispatchedFor().toString()).toString();
    }

    /** The message, or an {@link IllegalArgumentException} saying what is wrong with the body. */
    public static QueuedSync read(String body) {
        JsonNode n = MessageBodies.read(body, "sync");
        return new QueuedSync(MessageBodies.name(n, "room"), MessageBodies.time(n, "dueAt"),
                MessageBodies.time(n, "dispatchedFor"), Duration.ZERO);
    }
}
