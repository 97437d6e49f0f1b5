package dev.calroom.handler;

import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MatchMode;
import dev.calroom.domain.MeetingKeyMode;
import dev.calroom.domain.Room;
import dev.calroom.domain.SyncState;
import dev.calroom.domain.SyncStatus;
import dev.calroom.dynamodb.DynamoEventStore;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.dynamodb.LocalDynamo;
import dev.calroom.fetch.FetchSettings;
import dev.calroom.fetch.HttpFeedFetcher;
import dev.calroom.ics.FeedReader;
import dev.calroom.sync.FeedServer;
import dev.calroom.sync.MutableClock;
import dev.calroom.sync.RoomSyncService;
import dev.calroom.sync.DispatchSettings;
import dev.calroom.sync.ScheduledSyncService;
import dev.calroom.sync.SyncDispatcher;
import dev.calroom.sync.SyncSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IcsSyncHandlerTest {

    @Test
    void scheduledRun_syncsDueRoomsOnly_andOneBrokenFeedNeverStopsTheOthers() throws Exception {
        DynamoDbClient db = LocalDynamo.client();
        String table = LocalDynamo.freshTable(db);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
        DynamoRoomStore rooms = new DynamoRoomStore(db, table);
        try (FeedServer good = new FeedServer(); FeedServer broken = new FeedServer()) {
            good.serve("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261123T100000Z\r\n"
                    + "DTEND:20261123T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
            broken.mode(FeedServer.Mode.ERROR_500);
            Instant now = clock.instant();
            create(rooms, "room-a", good.url(), true, now);
            create(rooms, "room-b", broken.url(), true, now);
            create(rooms, "room-c", good.url(), true, now.plus(Duration.ofMinutes(3)));
            create(rooms, "room-off", good.url(), false, now);

            RoomSyncService sync = new RoomSyncService(rooms, new DynamoEventStore(db, table),
                    new DynamoMeetingStore(db, table), new HttpFeedFetcher(FetchSettings.defaults(true)),
                    new FeedReader(), SyncSettings.defaults("https://rooms.example"), clock);
            // No queue: the dispatcher syncs inline, as a deployment without SYNC_QUEUE_URL does.
            IcsSyncHandler handler = new IcsSyncHandler(new SyncDispatcher(rooms, null,
                    new ScheduledSyncService(rooms, sync, clock, 4, 100, Duration.ofSeconds(1)),
                    new DispatchSettings(Duration.ofMinutes(1), 20, 1000, Duration.ofMinutes(15), 500, 16), clock));
            Map<String, Object> out = invoke(handler);
            assertEquals(2, out.get("due"));
            assertEquals("inline", out.get("mode"));
            assertEquals(1, out.get("synced"));
            assertEquals(1, out.get("errors"));
            assertEquals(SyncStatus.ERROR, rooms.get("room-b").orElseThrow().sync().status());

            Map<String, Object> again = invoke(handler);
            assertEquals(0, again.get("due"), "synced rooms are not due again before their interval");
            clock.advance(Duration.ofMinutes(5));
            assertEquals(3, invoke(handler).get("due"));
        }
        db.deleteTable(b -> b.tableName(table));
    }

    @Test
    void scheduledRun_withItsBudgetSpent_startsNoRoom_andLeavesThemDueForTheNextRun() throws Exception {
        DynamoDbClient db = LocalDynamo.client();
        String table = LocalDynamo.freshTable(db);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
        DynamoRoomStore rooms = new DynamoRoomStore(db, table);
        create(rooms, "room-a", "https://feeds.example/a.ics", true, clock.instant());
        create(rooms, "room-b", "https://feeds.example/b.ics", true, clock.instant());
        RoomSyncService sync = new RoomSyncService(rooms, new DynamoEventStore(db, table),
                new DynamoMeetingStore(db, table), new HttpFeedFetcher(FetchSettings.defaults(false)),
                new FeedReader(), SyncSettings.defaults("https://rooms.example"), clock);
        ScheduledSyncService service = new ScheduledSyncService(rooms, sync, clock, 4, 100, Duration.ofSeconds(20));
        var summary = service.runDue(Duration.ofSeconds(5));
        assertEquals(2, summary.due());
        assertEquals(2, summary.leftForNextRun());
        assertEquals(0, summary.reports().size());
        assertEquals(2, rooms.dueForSync(clock.instant(), 10).size(), "still due");
        db.deleteTable(b -> b.tableName(table));
    }

    private static void create(DynamoRoomStore rooms, String name, String url, boolean enabled, Instant next) {
        rooms.create(new Room(name, "owner", false, next, new IcsConfig(url, enabled, 5, MatchMode.ALL, null,
                MeetingKeyMode.SLOT), SyncState.never(next)));
    }

    /** Invokes with EventBridge Scheduler's default payload ("detail" is the string "{}"), as the stream arrives. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> invoke(IcsSyncHandler handler) throws java.io.IOException {
        byte[] event = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/test/resources/events",
                "scheduler-default.json"));
        java.io.ByteArrayOutputStream result = new java.io.ByteArrayOutputStream();
        handler.handleRequest(new java.io.ByteArrayInputStream(event), result, null);
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(result.toByteArray(), Map.class);
    }
}
