package dev.calroom.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local event source mapping against ElasticMQ: partial batch responses, redelivery, dead-letter queue. */
class SqsEventSourceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static LocalQueues queues;

    @BeforeAll
    static void start() throws Exception {
        // Visibility 1 s so redeliveries come quickly; two receives before the dead-letter queue.
        queues = new LocalQueues(List.of(new SamTemplate.Queue("Dlq", 30, null, 0, 0),
                new SamTemplate.Queue("Work", 1, "Dlq", 2, 0), new SamTemplate.Queue("Plain", 1, null, 0, 0),
                new SamTemplate.Queue("Wide", 30, null, 0, 0)));
    }

    @AfterAll
    static void stop() {
        queues.close();
    }

    private static void send(String queue, String... bodies) {
        for (String b : bodies) {
            queues.client().sendMessage(r -> r.queueUrl(queues.urlOf(queue)).messageBody(b));
        }
    }

    private static JsonNode read(byte[] event) {
        try {
            return JSON.readTree(event);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static LocalFunction.Result result(String json) {
        return new LocalFunction.Result(LocalFunction.Kind.RESULT, json.getBytes(StandardCharsets.UTF_8), false);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void partialBatchResponse_deletesTheRest_andAFailingMessageEndsInTheDeadLetterQueue() throws Exception {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        SqsEventSource source = new SqsEventSource(queues.client(), queues.urlOf("Work"), queues.arnOf("Work"),
                new SamTemplate.SqsSource("Work", 10, 0, true, 2), 2, event -> {
                    JsonNode e = read(event);
                    events.add(e);
                    StringBuilder failures = new StringBuilder();
                    for (JsonNode r : e.path("Records")) {
                        seen.merge(r.path("body").asText(), 1, Integer::sum);
                        if (r.path("body").asText().equals("poison")) {
                            failures.append(failures.isEmpty() ? "" : ",").append("{\"itemIdentifier\":\"")
                                    .append(r.path("messageId").asText()).append("\"}");
                        }
                    }
                    return result("{\"batchItemFailures\":[" + failures + "]}");
                }, new PrintStream(new ByteArrayOutputStream()));
        try {
            send("Work", "a", "b", "poison", "c");
            waitFor(() -> queues.visibleMessages("Dlq") == 1, "the poison message in the dead-letter queue");
            assertEquals(1, seen.get("a"), "a succeeded message is deleted, never delivered again");
            assertEquals(1, seen.get("c"));
            assertEquals(2, seen.get("poison"), "delivered maxReceiveCount times");
            JsonNode record = events.get(0).path("Records").get(0);
            assertEquals("aws:sqs", record.path("eventSource").asText());
            assertEquals(queues.arnOf("Work"), record.path("eventSourceARN").asText());
            assertTrue(record.path("attributes").has("ApproximateReceiveCount"));
            assertTrue(record.path("attributes").has("SentTimestamp"));
            assertTrue(record.has("md5OfBody") && record.has("receiptHandle"));
            long[] counts = source.counts();
            assertEquals(5, counts[0]);
            assertEquals(3, counts[1]);
        } finally {
            source.close();
        }
    }

    @Test
    void aFunctionError_orAResponseNamingNoMessageOfTheBatch_returnsTheWholeBatch() throws Exception {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        AtomicBoolean failed = new AtomicBoolean();
        SqsEventSource source = new SqsEventSource(queues.client(), queues.urlOf("Plain"), queues.arnOf("Plain"),
                new SamTemplate.SqsSource("Plain", 10, 0, true, 2), 1, event -> {
                    for (JsonNode r : read(event).path("Records")) {
                        seen.merge(r.path("body").asText(), 1, Integer::sum);
                    }
                    int round = seen.getOrDefault("x", 0);
                    if (round == 1) {
                        return new LocalFunction.Result(LocalFunction.Kind.FUNCTION_ERROR, "{}".getBytes(), false);
                    }
                    if (round == 2) {
                        return result("{\"batchItemFailures\":[{\"itemIdentifier\":\"not-in-the-batch\"}]}");
                    }
                    failed.set(true);
                    return result("{\"batchItemFailures\":[]}");
                }, new PrintStream(new ByteArrayOutputStream()));
        try {
            send("Plain", "x");
            waitFor(failed::get, "a third delivery");
            waitFor(() -> queues.visibleMessages("Plain") == 0, "the message deleted");
            assertEquals(3, seen.get("x"));
        } finally {
            source.close();
        }
    }

    @Test
    void manyMessages_areEachDeliveredOnce_acrossPollers_inBatchesUpToTheBatchSize() throws Exception {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        // Visibility above the batching window and the invocation, as Lambda asks of a queue.
        SqsEventSource source = new SqsEventSource(queues.client(), queues.urlOf("Wide"), queues.arnOf("Wide"),
                new SamTemplate.SqsSource("Wide", 25, 1, true, 4), 4, event -> {
                    JsonNode records = read(event).path("Records");
                    sizes.add(records.size());
                    records.forEach(r -> seen.merge(r.path("body").asText(), 1, Integer::sum));
                    return result("{\"batchItemFailures\":[]}");
                }, new PrintStream(new ByteArrayOutputStream()));
        try {
            for (int i = 0; i < 61; i++) {
                send("Wide", "m" + i);
            }
            waitFor(() -> seen.size() == 61, "all 61 messages delivered (got " + seen.size() + ")");
            Thread.sleep(1500);
            assertTrue(seen.values().stream().allMatch(c -> c == 1), seen.toString());
            assertTrue(sizes.stream().allMatch(n -> n <= 25), sizes.toString());
        } finally {
            source.close();
        }
    }
}
