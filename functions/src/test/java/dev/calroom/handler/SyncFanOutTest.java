package dev.calroom.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MatchMode;
import dev.calroom.domain.MeetingKeyMode;
import dev.calroom.domain.Room;
import dev.calroom.domain.SyncState;
import dev.calroom.domain.SyncStatus;
import dev.calroom.dynamodb.DynamoEventStore;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.dynamodb.FaultInjector;
import dev.calroom.dynamodb.LocalDynamo;
import dev.calroom.fetch.FetchSettings;
import dev.calroom.fetch.HttpFeedFetcher;
import dev.calroom.ics.FeedReader;
import dev.calroom.sqs.LocalSqs;
import dev.calroom.sqs.SqsEvents;
import dev.calroom.sqs.SqsSyncQueue;
import dev.calroom.sync.DispatchSettings;
import dev.calroom.sync.DispatchSummary;
import dev.calroom.sync.FeedServer;
import dev.calroom.sync.MutableClock;
import dev.calroom.sync.RoomSyncService;
import dev.calroom.sync.ScheduledSyncService;
import dev.calroom.sync.SyncDispatcher;
import dev.calroom.sync.SyncQueue;
import dev.calroom.sync.SyncSettings;
import dev.calroom.sync.SyncWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatcher and the sync worker against DynamoDB Local and a real SQS (ElasticMQ): messages really sent,
 * received and handed to the worker as the event source mapping's SQS event.
 */
class SyncFanOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    DynamoDbClient db;
    String table;
    SqsClient sqs;
    String queueUrl;
    FeedServer feed;
    MutableClock clock;
    DynamoRoomStore rooms;
    RoomSyncService sync;

    @BeforeEach
    void setUp() throws Exception {
        db = LocalDynamo.client();
        table = LocalDynamo.freshTable(db);
        sqs = LocalSqs.client();
        queueUrl = LocalSqs.freshQueue(30);
        feed = new FeedServer();
        feed.serve("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261124T100000Z\r\n"
                + "DTEND:20261124T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        clock = new MutableClock(T0);
        rooms = new DynamoRoomStore(db, table);
        FetchSettings fetch = FetchSettings.defaults(true).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2));
        sync = new RoomSyncService(rooms, new DynamoEventStore(db, table), new DynamoMeetingStore(db, table),
                new HttpFeedFetcher(fetch, clock), new FeedReader(), SyncSettings.defaults("https://rooms.example"),
                clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        feed.close();
        db.deleteTable(b -> b.tableName(table));
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
    }

    private void createRooms(int n, Instant due) {
        for (int i = 0; i < n; i++) {
            assertTrue(rooms.create(new Room("room-" + i, "owner", false, T0,
                    new IcsConfig(feed.url(), true, 5, MatchMode.ALL, null, MeetingKeyMode.SLOT),
                    SyncState.never(due))));
        }
    }

    private SyncDispatcher dispatcher(SyncQueue queue, int inlineMax) {
        return new SyncDispatcher(rooms, queue, new ScheduledSyncService(rooms, sync, clock, 4, 100,
                Duration.ofSeconds(2)), new DispatchSettings(Duration.ofMinutes(1), inlineMax, 10_000,
                Duration.ofMinutes(15), 500, 16), clock);
    }

    private List<Message> receiveAll() {
        List<Message> all = new ArrayList<>();
        for (int empty = 0; empty < 2; ) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                    .waitTimeSeconds(0)).messages();
            if (got.isEmpty()) {
                empty++;
            }
            all.addAll(got);
        }
        return all;
    }

    private List<String> deliver(List<Message> batch) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SyncWorkerHandler(new SyncWorker(sync, clock)).handleRequest(
                new ByteArrayInputStream(SqsEvents.of(batch)), out, null);
        JsonNode response = JSON.readTree(out.toByteArray());
        List<String> failed = new ArrayList<>();
        response.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        return failed;
    }

    @Test
    void dispatch_queuesEachDueRoomOnce_evenWhenTwoRunsOverlap() throws Exception {
        createRooms(40, T0.minusSeconds(5));
        SqsSyncQueue queue = new SqsSyncQueue(sqs, queueUrl);
        List<Callable<DispatchSummary>> runs = List.of(() -> dispatcher(queue, 5).run(Duration.ofSeconds(30)),
                () -> dispatcher(queue, 5).run(Duration.ofSeconds(30)));
        int queued = 0;
        try (ExecutorService ex = Executors.newFixedThreadPool(2)) {
            for (Future<DispatchSummary> f : ex.invokeAll(runs)) {
                assertFalse(f.get().inline());
                queued += f.get().queued();
            }
        }
        assertEquals(40, queued, "each room is sent by exactly one of the two runs");
        List<Message> messages = receiveAll();
        assertEquals(40, messages.size());
        Set<String> names = new HashSet<>();
        for (Message m : messages) {
            names.add(JSON.readTree(m.body()).path("room").asText());
            assertFalse(m.body().contains("secret-token"), "messages never carry the feed URL");
        }
        assertEquals(40, names.size());
        assertEquals(T0.plus(Duration.ofMinutes(15)), rooms.get("room-7").orElseThrow().sync().nextSyncAt());
        assertEquals(0, dispatcher(queue, 5).run(Duration.ofSeconds(30)).queued(), "nothing is sent twice");
    }

    @Test
    void worker_syncsTheBatch_namesOnlyFailedMessages_andADuplicateDeliverySyncsNothing() throws Exception {
        createRooms(12, T0);
        assertEquals(12, dispatcher(new SqsSyncQueue(sqs, queueUrl), 5).run(Duration.ofSeconds(30)).queued());
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"v\":1,\"room\":"));
        List<Message> batch = receiveAll();
        assertEquals(13, batch.size());
        String poison = batch.stream().filter(m -> m.body().equals("{\"v\":1,\"room\":")).findFirst().orElseThrow()
                .messageId();

        assertEquals(List.of(poison), deliver(batch));
        assertEquals(12, feed.requests());
        for (int i = 0; i < 12; i++) {
            Room r = rooms.get("room-" + i).orElseThrow();
            assertEquals(SyncStatus.SYNCED, r.sync().status());
            assertEquals(T0.plus(Duration.ofMinutes(5)), r.sync().nextSyncAt());
        }

        clock.advance(Duration.ofSeconds(40));
        assertEquals(List.of(poison), deliver(batch), "a duplicate delivery is not a failure");
        assertEquals(12, feed.requests(), "and fetches nothing: the dispatch mark is gone");
    }

    @Test
    void worker_failsTheMessage_whenTheRoomCannotBeClaimed_andTheRedeliverySyncsIt() throws Exception {
        createRooms(2, T0);
        dispatcher(new SqsSyncQueue(sqs, queueUrl), 0).run(Duration.ofSeconds(30));
        List<Message> batch = receiveAll();
        // DynamoDB throttles the first room read of the batch (the SDK's retries exhausted), as the real service can.
        FaultInjector faults = new FaultInjector().failBefore("GetItem", 1, FaultInjector::throttled);
        DynamoDbClient throttled = LocalDynamo.client(faults);
        DynamoRoomStore throttledRooms = new DynamoRoomStore(throttled, table);
        RoomSyncService flaky = new RoomSyncService(throttledRooms, new DynamoEventStore(throttled, table),
                new DynamoMeetingStore(throttled, table), new HttpFeedFetcher(FetchSettings.defaults(true), clock),
                new FeedReader(), SyncSettings.defaults("https://rooms.example"), clock);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SyncWorkerHandler(new SyncWorker(flaky, clock)).handleRequest(
                new ByteArrayInputStream(SqsEvents.of(batch)), out, null);
        assertEquals(1, faults.injected());
        JsonNode failures = JSON.readTree(out.toByteArray()).path("batchItemFailures");
        assertEquals(1, failures.size());
        String failedId = failures.get(0).path("itemIdentifier").asText();
        Message failed = batch.stream().filter(m -> m.messageId().equals(failedId)).findFirst().orElseThrow();
        Message other = batch.stream().filter(m -> !m.messageId().equals(failedId)).findFirst().orElseThrow();
        String failedRoom = JSON.readTree(failed.body()).path("room").asText();
        assertEquals(null, rooms.get(failedRoom).orElseThrow().sync().status(), "nothing claimed, nothing written");
        assertEquals(SyncStatus.SYNCED, rooms.get(JSON.readTree(other.body()).path("room").asText()).orElseThrow()
                .sync().status(), "the other room synced");

        assertEquals(List.of(), deliver(List.of(failed)), "the redelivery claims the room: its mark is still there");
        assertEquals(SyncStatus.SYNCED, rooms.get(failedRoom).orElseThrow().sync().status());
    }

    @Test
    void worker_failsASyncThatOutrunsTheBudget_andTheRestOfTheBatchIsDone() throws Exception {
        createRooms(1, T0);
        try (FeedServer slow = new FeedServer()) {
            slow.mode(FeedServer.Mode.STALL);
            assertTrue(rooms.create(new Room("slow", "owner", false, T0,
                    new IcsConfig(slow.url(), true, 5, MatchMode.ALL, null, MeetingKeyMode.SLOT),
                    SyncState.never(T0))));
            dispatcher(new SqsSyncQueue(sqs, queueUrl), 0).run(Duration.ofSeconds(30));
            List<Message> batch = receiveAll();
            List<SqsBatch.Message> messages = new ArrayList<>();
            for (Message m : batch) {
                messages.add(new SqsBatch.Message(m.messageId(), m.body(), 1));
            }
            // The scheduled fetch deadline (20 s): the stalled feed holds its sync well past the 1.5 s budget.
            RoomSyncService patient = new RoomSyncService(rooms, new DynamoEventStore(db, table),
                    new DynamoMeetingStore(db, table), new HttpFeedFetcher(FetchSettings.defaults(true), clock),
                    new FeedReader(), SyncSettings.defaults("https://rooms.example"), clock);
            long started = System.nanoTime();
            List<String> failed = new SyncWorkerHandler(new SyncWorker(patient, clock)).handle(messages,
                    Duration.ofMillis(1500));
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs < 4_000, "the worker answers at its budget, not when the stalled fetch ends: " + tookMs);
            String slowId = batch.stream().filter(m -> m.body().contains("\"slow\"")).findFirst().orElseThrow()
                    .messageId();
            assertEquals(List.of(slowId), failed, "the stalled feed's sync did not finish in the budget");
            assertEquals(SyncStatus.SYNCED, rooms.get("room-0").orElseThrow().sync().status());
        }
    }

    @Test
    void dispatch_withFewRoomsDue_syncsInline_andLeavesTheQueueEmpty() {
        createRooms(3, T0);
        DispatchSummary d = dispatcher(new SqsSyncQueue(sqs, queueUrl), 5).run(Duration.ofSeconds(30));
        assertTrue(d.inline());
        assertEquals(3, d.inlineRun().reports().size());
        assertEquals(List.of(), receiveAll());
        assertEquals(SyncStatus.SYNCED, rooms.get("room-2").orElseThrow().sync().status());
    }

    @Test
    void dispatch_givesRoomsTheirDueTimeBack_whenTheQueueRefusesThem() {
        createRooms(8, T0.minusSeconds(3));
        SyncQueue refusing = messages -> messages;
        DispatchSummary d = dispatcher(refusing, 0).run(Duration.ofSeconds(30));
        assertEquals(8, d.sendFailures());
        assertEquals(0, d.queued());
        assertEquals(T0.minusSeconds(3), rooms.get("room-3").orElseThrow().sync().nextSyncAt());
        assertEquals(8, dispatcher(new SqsSyncQueue(sqs, queueUrl), 0).run(Duration.ofSeconds(30)).queued(),
                "the next run sends them");
    }

    @Test
    void dispatch_sendsALostRoomAgain_afterTheMark_andTheLostMessageClaimsNothing() throws Exception {
        createRooms(1, T0);
        SqsSyncQueue queue = new SqsSyncQueue(sqs, queueUrl);
        assertEquals(1, dispatcher(queue, 0).run(Duration.ofSeconds(30)).queued());
        List<Message> lost = receiveAll();
        clock.advance(Duration.ofMinutes(14));
        assertEquals(0, dispatcher(queue, 0).run(Duration.ofSeconds(30)).queued(), "still within the mark");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, dispatcher(queue, 0).run(Duration.ofSeconds(30)).queued(), "due again at the mark");
        assertEquals(List.of(), deliver(lost));
        assertEquals(0, feed.requests(), "the stale message does not sync");
        assertEquals(List.of(), deliver(receiveAll()));
        assertEquals(1, feed.requests());
    }
}
