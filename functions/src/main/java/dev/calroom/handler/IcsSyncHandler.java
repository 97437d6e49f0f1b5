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
import dev.calroom.support.Metrics;
import dev.calroom.sqs.SqsClients;
import dev.calroom.sqs.SqsSyncQueue;
import dev.calroom.support.Env;
import dev.calroom.sync.DispatchSummary;
import dev.calroom.sync.RoomSyncService;
import dev.calroom.sync.SyncDispatcher;
import dev.calroom.sync.SyncQueue;
import dev.calroom.sync.ScheduledSyncService;
import dev.calroom.sync.SyncRunSummary;
import dev.calroom.sync.SyncSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EventBridge-scheduled (every minute) sync dispatch ({@link SyncDispatcher}): the rooms due within the next minute
 * are queued for the sync workers, or, when few are due or the deployment has no queue ({@code SYNC_QUEUE_URL}
 * unset), synced here. An inline run finishes well inside its timeout: rooms are only started while the remaining
 * time covers one worst-case fetch.
 */
public final class IcsSyncHandler implements RequestStreamHandler {

    /** Time kept back from the Lambda timeout for the last syncs to finish and the summary to be written. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(10);

    private final SyncDispatcher dispatcher;

    public IcsSyncHandler() {
        this(defaultDispatcher());
    }

    public IcsSyncHandler(SyncDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    private static SyncDispatcher defaultDispatcher() {
        Config config = Config.fromEnvironment();
        DynamoDbClient db = DynamoClients.fromEnvironment();
        DynamoRoomStore rooms = new DynamoRoomStore(db, config.table());
        RoomSyncService sync = new RoomSyncService(rooms,
                new DynamoEventStore(db, config.table()), new DynamoMeetingStore(db, config.table()),
                new HttpFeedFetcher(FetchSettings.defaults(config.localDevelopment()), Env.clock()),
                new FeedReader(), config.syncSettings(), Env.clock());
        ScheduledSyncService inline = new ScheduledSyncService(rooms, sync, Env.clock(),
                config.syncConcurrency(), config.maxRoomsPerRun(), FetchSettings.defaults(false).totalTimeout());
        String queueUrl = Env.variables().get("SYNC_QUEUE_URL");
        SyncQueue queue = queueUrl == null || queueUrl.isBlank() ? null
                : new SqsSyncQueue(SqsClients.fromEnvironment(), queueUrl);
        return new SyncDispatcher(rooms, queue, inline, config.dispatchSettings(), Env.clock());
    }

    @Override
    public void handleRequest(InputStream event, OutputStream result, Context context) throws IOException {
        ScheduledInvocation.handle(event, result, context, SAFETY_MARGIN, this::run);
    }

    /** One run within {@code budget}; the summary is the invocation's result. */
    public Map<String, Object> run(Duration budget) {
        DispatchSummary d = dispatcher.run(budget);
        SyncRunSummary summary = d.inline() ? d.inlineRun() : null;
        int synced = summary == null ? 0 : (int) summary.count(SyncStatus.SYNCED);
        int unchanged = summary == null ? 0 : (int) summary.count(SyncStatus.UNCHANGED);
        int errors = summary == null ? 0 : (int) summary.count(SyncStatus.ERROR);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("due", d.due());
        out.put("mode", d.inline() ? "inline" : "queued");
        out.put("queued", d.queued());
        out.put("synced", synced);
        out.put("unchanged", unchanged);
        out.put("errors", errors);
        out.put("skipped", summary == null ? 0 : (int) summary.count(SyncStatus.SKIPPED));
        out.put("leftForNextRun", d.deferred());
        out.put("sendFailures", d.sendFailures());
        Metrics.emit("calroom", "IcsSync", Map.of("RoomsDue", d.due(), "RoomsQueued", d.queued(),
                "RoomsSynced", synced + unchanged, "RoomSyncErrors", errors, "RoomsLeftForNextRun", d.deferred(),
                "SyncSendFailures", d.sendFailures()));
        return out;
    }
}
