package dev.calroom.sqs;

import dev.calroom.lifecycle.DueMeeting;
import dev.calroom.lifecycle.LifecycleQueue;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;

/** The lifecycle queue on SQS: one message per due meeting ({@link LifecycleMessages}), delivered at once. */
public final class SqsLifecycleQueue implements LifecycleQueue {

    private final SqsBatchSender sender;

    public SqsLifecycleQueue(SqsClient sqs, String queueUrl) {
        this.sender = new SqsBatchSender(sqs, queueUrl);
    }

    @Override
    public List<DueMeeting> send(List<DueMeeting> meetings) {
        return sender.send(meetings, LifecycleMessages::write, m -> 0);
    }
}
