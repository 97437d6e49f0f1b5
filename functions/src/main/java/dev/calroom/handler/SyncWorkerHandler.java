package dev.calroom.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.calroom.domain.SyncStatus;
import dev.calroom.dynamodb.DynamoClients;
import dev.calroom.dynamodb.DynamoEventStore;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.fetch.FetchSettings;
import dev.calroom.fetch.HttpFeedFetcher;
import dev.calroom.ics.FeedReader;
import dev.calroom.sqs.SyncMessages;
import dev.calroom.support.Env;
import dev.calroom.support.Log;
import dev.calroom.support.Metrics;
import dev.calroom.sync.QueuedSync;
import dev.calroom.sync.RoomSyncService;
import dev.calroom.sync.SyncWorker;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sync worker: an SQS event source delivers batches of queued room syncs; they are synced at once and the
 * failed ones are named in a partial batch response, so one room's trouble never holds back the others. A message
 * that cannot be read is named too: after the queue's receive limit it moves to the dead-letter queue, where it
 * can be looked at.
 */
public final class SyncWorkerHandler implements RequestStreamHandler {

    /** Time kept back from the Lambda timeout to write the response. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);

    private final SyncWorker worker;

    public SyncWorkerHandler() {
        this(defaultWorker());
    }

    public SyncWorkerHandler(SyncWorker worker) {
        this.worker = worker;
    }

    private static SyncWorker defaultWorker() {
        Config config = Config.fromEnvironment();
        DynamoDbClient db = DynamoClients.fromEnvironment();
        RoomSyncService sync = new RoomSyncService(new DynamoRoomStore(db, config.table()),
                new DynamoEventStore(db, config.table()), new DynamoMeetingStore(db, config.table()),
                new HttpFeedFetcher(FetchSettings.defaults(config.localDevelopment()), Env.clock()), new FeedReader(),
                config.syncSettings(), Env.clock());
        return new SyncWorker(sync, Env.clock());
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        SqsBatch.handle(in, out, context, SAFETY_MARGIN, this::handle);
    }

    /** Syncs the batch; returns the ids of the messages to deliver again. */
    public List<String> handle(List<SqsBatch.Message> messages, Duration budget) {
        List<String> failed = new ArrayList<>();
        List<QueuedSync> syncs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (SqsBatch.Message m : messages) {
            try {
                QueuedSync q = SyncMessages.read(m.body());
                syncs.add(q);
                ids.add(m.messageId());
            } catch (IllegalArgumentException e) {
                Log.warn("unreadable sync message; it goes to the dead-letter queue after its receives",
                        "messageId", m.messageId(), "receiveCount", m.receiveCount(), "reason", e.getMessage());
                failed.add(m.messageId());
            }
        }
        int synced = 0;
        int skipped = 0;
        int errors = 0;
        long maxLag = 0;
        List<SyncWorker.Outcome> outcomes = worker.syncAll(syncs, budget);
        for (int i = 0; i < outcomes.size(); i++) {
            SyncWorker.Outcome o = outcomes.get(i);
            maxLag = Math.max(maxLag, o.lagMillis());
            if (o.failed()) {
                failed.add(ids.get(i));
                Log.warn("queued sync comes back from the queue", "room", o.message().room(), "reason", o.failure());
            } else if (o.report().status() == SyncStatus.SKIPPED) {
                skipped++;
            } else if (o.report().status() == SyncStatus.ERROR) {
                errors++;
            } else {
                synced++;
            }
        }
        Metrics.emit("calroom", "SyncWorker", Map.of("RoomsSynced", synced, "RoomSyncErrors", errors,
                "DuplicateSyncsSkipped", skipped, "BatchItemFailures", failed.size(), "SyncLagMaxMs", maxLag));
        Log.info("sync batch done", "messages", messages.size(), "synced", synced, "errors", errors,
                "skipped", skipped, "failed", failed.size(), "maxLagMs", maxLag);
        return failed;
    }
}
