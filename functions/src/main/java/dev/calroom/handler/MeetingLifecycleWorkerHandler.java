package dev.calroom.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.calroom.dynamodb.DynamoClients;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.lifecycle.DueMeeting;
import dev.calroom.lifecycle.LifecycleService;
import dev.calroom.lifecycle.QueuedLifecycleRun;
import dev.calroom.sqs.LifecycleMessages;
import dev.calroom.support.Env;
import dev.calroom.support.Log;
import dev.calroom.support.Metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lifecycle worker: when more meetings are due than one scheduled run takes, the schedule queues them and an SQS
 * event source delivers them here in batches. Meetings whose claim failed, or that the budget did not reach, are
 * named in the partial batch response; unreadable messages too (they end in the dead-letter queue).
 */
public final class MeetingLifecycleWorkerHandler implements RequestStreamHandler {

    static final Duration SAFETY_MARGIN = Duration.ofSeconds(10);

    private final LifecycleService service;

    public MeetingLifecycleWorkerHandler() {
        this(defaultService());
    }

    public MeetingLifecycleWorkerHandler(LifecycleService service) {
        this.service = service;
    }

    private static LifecycleService defaultService() {
        Map<String, String> env = Env.variables();
        DynamoMeetingStore meetings = new DynamoMeetingStore(DynamoClients.fromEnvironment(),
                Config.from(env).table());
        return MeetingLifecycleHandler.service(env, meetings, MeetingLifecycleHandler.dailyClient(env));
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        SqsBatch.handle(in, out, context, SAFETY_MARGIN, this::handle);
    }

    /** Handles the batch; returns the ids of the messages to deliver again. */
    public List<String> handle(List<SqsBatch.Message> messages, Duration budget) {
        List<String> failed = new ArrayList<>();
        List<DueMeeting> due = new ArrayList<>();
        Map<DueMeeting, String> ids = new IdentityHashMap<>();
        for (SqsBatch.Message m : messages) {
            try {
                DueMeeting d = LifecycleMessages.read(m.body());
                due.add(d);
                ids.put(d, m.messageId());
            } catch (IllegalArgumentException e) {
                Log.warn("unreadable lifecycle message; it goes to the dead-letter queue after its receives",
                        "messageId", m.messageId(), "receiveCount", m.receiveCount(), "reason", e.getMessage());
                failed.add(m.messageId());
            }
        }
        QueuedLifecycleRun run = service.handleQueued(due, budget);
        for (DueMeeting d : run.notHandled()) {
            failed.add(ids.get(d));
        }
        var s = run.summary();
        Metrics.emit("calroom", "MeetingLifecycleWorker", Map.of("MeetingsHandled", s.handled(),
                "VideoRoomsCreated", s.videoRoomsCreated(), "MeetingsEnded", s.meetingsEnded(),
                "VideoRoomsDeleted", s.videoRoomsDeleted(), "LifecycleFailures", s.failures(),
                "BatchItemFailures", failed.size()));
        return failed;
    }
}
