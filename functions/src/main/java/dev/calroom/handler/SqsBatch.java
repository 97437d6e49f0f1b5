package dev.calroom.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The SQS event a Lambda event source mapping delivers, read as raw JSON ({@code Records[]} with
 * {@code messageId}, {@code body} and {@code attributes.ApproximateReceiveCount}), and the partial batch response
 * it honours with {@code ReportBatchItemFailures}: {@code {"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}}.
 * Only the listed messages come back; the others are deleted.
 */
final class SqsBatch {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivered message. */
    record Message(String messageId, String body, int receiveCount) {
    }

    private SqsBatch() {
    }

    /** The event's messages; an event that is not an SQS batch is an {@link IllegalArgumentException}. */
    static List<Message> read(byte[] event) {
        JsonNode root;
        try {
            root = JSON.readTree(event);
        } catch (IOException e) {
            throw new IllegalArgumentException("the event is not JSON");
        }
        if (root == null || !root.path("Records").isArray()) {
            throw new IllegalArgumentException("the event is not an SQS batch (no Records)");
        }
        List<Message> out = new ArrayList<>();
        for (JsonNode r : root.path("Records")) {
            String id = r.path("messageId").asText(null);
            if (id == null || !"aws:sqs".equals(r.path("eventSource").asText())) {
                throw new IllegalArgumentException("a record is not an SQS message");
            }
            out.add(new Message(id, r.path("body").asText(""),
                    r.path("attributes").path("ApproximateReceiveCount").asInt(1)));
        }
        return out;
    }

    /**
     * Runs one SQS invocation: reads the batch, gives {@code handle} the time left before the timeout less
     * {@code margin} (a minute without a context, as in tests) with the request id as correlation id, and writes the
     * partial batch response naming the message ids it returns.
     */
    static void handle(java.io.InputStream in, java.io.OutputStream out,
                       com.amazonaws.services.lambda.runtime.Context context, java.time.Duration margin,
                       java.util.function.BiFunction<List<Message>, java.time.Duration, List<String>> handle)
            throws IOException {
        List<Message> messages = read(in.readAllBytes());
        dev.calroom.support.Log.correlationId(context != null ? context.getAwsRequestId() : null);
        try {
            long remaining = context != null ? context.getRemainingTimeInMillis() : 60_000;
            java.time.Duration budget = java.time.Duration.ofMillis(Math.max(0, remaining)).minus(margin);
            out.write(failures(handle.apply(messages, budget.isNegative() ? java.time.Duration.ZERO : budget)));
        } finally {
            dev.calroom.support.Log.correlationId(null);
        }
    }

    /** The partial batch response naming the messages to deliver again. */
    static byte[] failures(Collection<String> messageIds) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("batchItemFailures");
        for (String id : messageIds) {
            list.addObject().put("itemIdentifier", id);
        }
        return root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
