package dev.calroom.sqs;

import dev.calroom.support.Log;
import dev.calroom.sync.QueuedSync;
import dev.calroom.sync.SyncQueue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends queued syncs with SendMessageBatch, ten to a request (SQS's maximum), several requests in flight. Each
 * message is delayed by its {@link QueuedSync#delay()} (at most 900 s, SQS's limit). Entries SQS refuses, and
 * whole batches that fail, are returned to the caller.
 */
public final class SqsSyncQueue implements SyncQueue {

    static final int BATCH = 10;
    static final int MAX_DELAY_SECONDS = 900;
    private static final int IN_FLIGHT = 16;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsSyncQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public List<QueuedSync> send(List<QueuedSync> messages) {
        List<Future<List<QueuedSync>>> sends = new ArrayList<>();
        String correlationId = Log.correlationId();
        try (ExecutorService executor = Executors.newFixedThreadPool(IN_FLIGHT, Thread.ofVirtual().factory())) {
            for (int i = 0; i < messages.size(); i += BATCH) {
                List<QueuedSync> batch = messages.subList(i, Math.min(messages.size(), i + BATCH));
                sends.add(executor.submit(() -> {
                    Log.correlationId(correlationId);
                    return sendBatch(batch);
                }));
            }
            List<QueuedSync> failed = new ArrayList<>();
            for (int i = 0; i < sends.size(); i++) {
                try {
                    failed.addAll(sends.get(i).get());
                } catch (Exception e) {
                    List<QueuedSync> batch = messages.subList(i * BATCH, Math.min(messages.size(), (i + 1) * BATCH));
                    Log.warn("sync messages not sent", "messages", batch.size(), "error", String.valueOf(
                            e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
                    failed.addAll(batch);
                }
            }
            return failed;
        }
    }

    private List<QueuedSync> sendBatch(List<QueuedSync> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            QueuedSync m = batch.get(i);
            int delay = (int) Math.min(MAX_DELAY_SECONDS, Math.max(0, m.delay().toSeconds()));
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .messageBody(SyncMessages.write(m)).delaySeconds(delay).build());
        }
        SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        List<QueuedSync> failed = new ArrayList<>();
        for (BatchResultErrorEntry e : r.failed()) {
            failed.add(batch.get(Integer.parseInt(e.id())));
            Log.warn("sync message refused by the queue", "room", batch.get(Integer.parseInt(e.id())).room(),
                    "code", e.code(), "senderFault", e.senderFault());
        }
        return failed;
    }
}
