package dev.calroom.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Lambda's SQS event source mapping does, against a local queue: pollers long-poll the queue, gather a batch
 * (up to {@code BatchSize}, waiting at most {@code MaximumBatchingWindowInSeconds}), and invoke the function with
 * the SQS event JSON. A result deletes the batch's messages except those its {@code batchItemFailures} name (with
 * {@code ReportBatchItemFailures}; a malformed response fails the whole batch, as on AWS); an error or timeout
 * deletes nothing. What is not deleted comes back after the visibility timeout, and after the queue's
 * {@code maxReceiveCount} receives goes to its dead-letter queue. Pollers run at most
 * {@code ScalingConfig.MaximumConcurrency} at once.
 */
final class SqsEventSource implements AutoCloseable {

    /** Invokes the function with an event. */
    interface Target {
        LocalFunction.Result invoke(byte[] event) throws InterruptedException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final SamTemplate.SqsSource source;
    private final Target target;
    private final PrintStream log;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> pollers = new ArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong returned = new AtomicLong();

    SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, SamTemplate.SqsSource source, int pollers,
                   Target target, PrintStream log) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.source = source;
        this.target = target;
        this.log = log;
        for (int i = 0; i < pollers; i++) {
            this.pollers.add(Thread.ofVirtual().name("sqs-" + source.queueLogicalId() + "-", i).start(this::poll));
        }
    }

    /** Messages handed to the function, deleted after it, and left to come back (failed or not answered). */
    long[] counts() {
        return new long[] {delivered.get(), deleted.get(), returned.get()};
    }

    private void poll() {
        while (running.get()) {
            try {
                List<Message> batch = gather();
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                log.println("sqs event source " + source.queueLogicalId() + " failed: " + e);
                e.printStackTrace(log);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** One batch: long-poll until a message arrives, then gather more until full or the window is over. */
    private List<Message> gather() throws InterruptedException {
        List<Message> batch = new ArrayList<>();
        long windowEnd = 0;
        while (running.get() && batch.size() < source.batchSize()) {
            int want = Math.min(10, source.batchSize() - batch.size());
            int wait = batch.isEmpty() ? 1 : (int) Math.min(1, Math.max(0, (windowEnd - System.nanoTime())
                    / 1_000_000_000L));
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(want)
                    .waitTimeSeconds(wait).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                if (got.isEmpty()) {
                    continue;
                }
                windowEnd = System.nanoTime() + source.batchingWindowSeconds() * 1_000_000_000L;
            }
            batch.addAll(got);
            if (System.nanoTime() >= windowEnd) {
                break;
            }
            if (got.isEmpty() && wait == 0) {
                Thread.sleep(50);
            }
        }
        return batch;
    }

    private void deliver(List<Message> batch) throws InterruptedException {
        delivered.addAndGet(batch.size());
        LocalFunction.Result r = target.invoke(event(batch));
        Set<String> failed = new HashSet<>();
        if (r.kind() != LocalFunction.Kind.RESULT) {
            returned.addAndGet(batch.size());
            return;
        }
        if (source.reportBatchItemFailures()) {
            Set<String> ids = new HashSet<>();
            batch.forEach(m -> ids.add(m.messageId()));
            try {
                JsonNode response = JSON.readTree(r.body());
                for (JsonNode f : response == null ? JSON.createArrayNode() : response.path("batchItemFailures")) {
                    String id = f.path("itemIdentifier").asText("");
                    if (!ids.contains(id)) {
                        // Lambda treats a response naming no message of the batch as a failure of the whole batch.
                        returned.addAndGet(batch.size());
                        return;
                    }
                    failed.add(id);
                }
            } catch (IOException e) {
                // Not JSON: Lambda reads it as success (no failures reported).
            }
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
        }
        for (int i = 0; i < done.size(); i += 10) {
            List<DeleteMessageBatchRequestEntry> part = done.subList(i, Math.min(done.size(), i + 10));
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(part));
        }
        deleted.addAndGet(done.size());
        returned.addAndGet(failed.size());
    }

    /** The event Lambda sends for a batch (the record shape of AWS's documented SQS event). */
    byte[] event(List<Message> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : batch) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode a = r.putObject("attributes");
            a.put("ApproximateReceiveCount", attribute(m, MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
            a.put("SentTimestamp", attribute(m, MessageSystemAttributeName.SENT_TIMESTAMP, "0"));
            a.put("SenderId", attribute(m, MessageSystemAttributeName.SENDER_ID, "AIDAIENQZJOLO23YVJ4VO"));
            a.put("ApproximateFirstReceiveTimestamp",
                    attribute(m, MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, "0"));
            r.putObject("messageAttributes");
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", "us-east-1");
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String attribute(Message m, MessageSystemAttributeName name, String dflt) {
        String v = m.attributes().get(name);
        return v == null ? dflt : v;
    }

    @Override
    public void close() {
        running.set(false);
        pollers.forEach(Thread::interrupt);
        for (Thread t : pollers) {
            try {
                // A poll ends within its 1 s long-poll wait.
                t.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
