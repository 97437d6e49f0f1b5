package dev.calroom.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calroom.support.Log;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * What the scheduled functions share. They read their event as raw JSON, because EventBridge Scheduler sends its
 * default payload when a schedule has no {@code Input} (with {@code detail} as the JSON <em>string</em> "{}", which
 * the runtime's typed ScheduledEvent cannot read) and whatever JSON the {@code Input} says otherwise. Nothing in
 * the payload is needed beyond an id for the logs.
 */
final class ScheduledInvocation {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean coldStart = true;

    private ScheduledInvocation() {
    }

    /**
     * Runs one scheduled invocation: reads the event's id (the schedule's event id, else the request id) as the
     * correlation id, gives {@code run} the time left before the timeout less {@code margin} (a minute without a
     * context, as in tests), writes its summary as the JSON result, and logs an unexpected failure with its stack
     * trace before letting Lambda record it (so Scheduler's retry policy applies).
     */
    static void handle(InputStream in, OutputStream out, Context context, Duration margin,
                       Function<Duration, Map<String, Object>> run) throws IOException {
        String id = eventId(in.readAllBytes());
        Log.correlationId(id != null ? id : context != null ? context.getAwsRequestId() : null);
        long remaining = context != null ? context.getRemainingTimeInMillis() : 60_000;
        Duration budget = Duration.ofMillis(remaining).minus(margin);
        boolean cold = coldStart;
        coldStart = false;
        try {
            Map<String, Object> summary = run.apply(budget.isNegative() ? Duration.ZERO : budget);
            out.write(JSON.writeValueAsBytes(summary));
        } catch (RuntimeException e) {
            Log.error("scheduled run failed", e, "requestId", context != null ? context.getAwsRequestId() : null,
                    "coldStart", cold);
            throw e;
        } finally {
            Log.correlationId(null);
        }
    }

    /** The event's {@code id} when the payload is a JSON object that has one; null for anything else. */
    static String eventId(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            return node != null && node.path("id").isTextual() ? node.path("id").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
