package dev.calroom.sqs;

import dev.calroom.support.Log;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Sends messages with SendMessageBatch, ten to a request (SQS's maximum), several requests in flight. Entries SQS
 * refuses, and whole batches whose request fails, are returned to the caller.
 */
final class SqsBatchSender {

    static final int BATCH = 10;
    static final int MAX_DELAY_SECONDS = 900;
    private static final int IN_FLIGHT = 16;

    private final SqsClient sqs;
    private final String queueUrl;

    SqsBatchSender(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /**
     * @param body  a message's body
     * @param delay a message's delay in seconds (clamped to 0..900)
     */
    <T> List<T> send(List<T> messages, Function<T, String> body, ToIntFunction<T> delay) {
        List<Future<List<T>>> sends = new ArrayList<>();
        String correlationId = Log.correlationId();
        try (ExecutorService executor = Executors.newFixedThreadPool(IN_FLIGHT, Thread.ofVirtual().factory())) {
            for (int i = 0; i < messages.size(); i += BATCH) {
                List<T> batch = messages.subList(i, Math.min(messages.size(), i + BATCH));
                sends.add(executor.submit(() -> {
                    Log.correlationId(correlationId);
                    return sendBatch(batch, body, delay);
                }));
            }
            List<T> failed = new ArrayList<>();
            for (int i = 0; i < sends.size(); i++) {
                try {
                    failed.addAll(sends.get(i).get());
                } catch (ExecutionException e) {
                    List<T> batch = messages.subList(i * BATCH, Math.min(messages.size(), (i + 1) * BATCH));
                    Log.error("messages not sent; the callers take them back", e.getCause(), "messages",
                            batch.size());
                    failed.addAll(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.addAll(messages.subList(i * BATCH, messages.size()));
                    break;
                }
            }
            return failed;
        }
    }

    private <T> List<T> sendBatch(List<T> batch, Function<T, String> body, ToIntFunction<T> delay) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            T m = batch.get(i);
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body.apply(m))
                    .delaySeconds(Math.min(MAX_DELAY_SECONDS, Math.max(0, delay.applyAsInt(m)))).build());
        }
        SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        List<T> failed = new ArrayList<>();
        for (BatchResultErrorEntry e : r.failed()) {
            failed.add(batch.get(Integer.parseInt(e.id())));
            Log.warn("message refused by the queue", "code", e.code(), "senderFault", e.senderFault());
        }
        return failed;
    }
}
