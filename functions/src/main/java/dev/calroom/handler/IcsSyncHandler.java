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
import dev.calroom.sync.RoomSyncService;
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
 * EventBridge-scheduled (every minute) sync of the rooms whose feed interval has elapsed. Finishes well inside its
 * timeout: rooms are only started while the remaining time covers one worst-case fetch.
 */
public final class IcsSyncHandler implements RequestStreamHandler {

    /** Time kept back from the Lambda timeout for the last syncs to finish and the summary to be written. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(10);

    private final ScheduledSyncService service;

    public IcsSyncHandler() {
        this(defaultService());
    }

    public IcsSyncHandler(ScheduledSyncService service) {
        this.service = service;
    }

    private static ScheduledSyncService defaultService() {
        Config config = Config.fromEnvironment();
        DynamoDbClient db = DynamoClients.fromEnvironment();
        DynamoRoomStore rooms = new DynamoRoomStore(db, config.table());
        RoomSyncService sync = new RoomSyncService(rooms,
                new DynamoEventStore(db, config.table()), new DynamoMeetingStore(db, config.table()),
                new HttpFeedFetcher(FetchSettings.defaults(config.localDevelopment())), new FeedReader(),
                config.syncSettings(), dev.calroom.support.Env.clock());
        return new ScheduledSyncService(rooms, sync, dev.calroom.support.Env.clock(),
                config.syncConcurrency(), config.maxRoomsPerRun(), FetchSettings.defaults(false).totalTimeout());
    }

    @Override
    public void handleRequest(InputStream event, OutputStream result, Context context) throws IOException {
        ScheduledInvocation.handle(event, result, context, SAFETY_MARGIN, this::run);
    }

    /** One run within {@code budget}; the summary is the invocation's result. */
    public Map<String, Object> run(Duration budget) {
        SyncRunSummary summary = service.runDue(budget);
        Metrics.emit("calroom", "IcsSync", Map.of("RoomsDue", summary.due(),
                "RoomsSynced", summary.count(SyncStatus.SYNCED) + summary.count(SyncStatus.UNCHANGED),
                "RoomSyncErrors", summary.count(SyncStatus.ERROR), "RoomsLeftForNextRun",
                summary.leftForNextRun()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("due", summary.due());
        out.put("synced", summary.count(SyncStatus.SYNCED));
        out.put("unchanged", summary.count(SyncStatus.UNCHANGED));
        out.put("errors", summary.count(SyncStatus.ERROR));
        out.put("skipped", summary.count(SyncStatus.SKIPPED));
        out.put("leftForNextRun", summary.leftForNextRun());
        return out;
    }
}
