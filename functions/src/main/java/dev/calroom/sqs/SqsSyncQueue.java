package dev.calroom.sqs;

import dev.calroom.sync.QueuedSync;
import dev.calroom.sync.SyncQueue;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;

/** The sync queue on SQS: one message per room ({@link SyncMessages}), delayed by {@link QueuedSync#delay()}. */
public final class SqsSyncQueue implements SyncQueue {

    private final SqsBatchSender sender;

    public SqsSyncQueue(SqsClient sqs, String queueUrl) {
        this.sender = new SqsBatchSender(sqs, queueUrl);
    }

    @Override
    public List<QueuedSync> send(List<QueuedSync> messages) {
        return sender.send(messages, SyncMessages::write, m -> (int) Math.min(Integer.MAX_VALUE,
                m.delay().toSeconds()));
    }
}
