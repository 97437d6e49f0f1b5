package dev.calroom.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calroom.api.ApiTestBed;
import dev.calroom.daily.DailyClient;
import dev.calroom.daily.DailySettings;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingPolicy;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.sqs.LocalSqs;
import dev.calroom.sqs.SqsEvents;
import dev.calroom.sqs.SqsLifecycleQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * More meetings due than one lifecycle run takes: the schedule queues them (ElasticMQ), the worker handles the SQS
 * batches against DynamoDB Local and the Daily emulator, and a duplicate delivery does nothing twice.
 */
class LifecycleFanOutTest {

    static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    ApiTestBed api;
    DynamoMeetingStore meetings;
    LifecycleService lifecycle;
    SqsClient sqs;
    String queueUrl;

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiTestBed(T0);
        meetings = new DynamoMeetingStore(api.db, api.table);
        DailySettings quick = new DailySettings(Duration.ofMillis(400), Duration.ofSeconds(3), 7,
                Duration.ofMillis(10), Duration.ofMillis(80), 200, 200, Duration.ofSeconds(5));
        DailyClient daily = new DailyClient(DailyClient.defaultHttpClient(Duration.ofSeconds(1)), api.daily.baseUrl(),
                () -> "test-daily-key", quick);
        lifecycle = new LifecycleService(meetings, meetings, daily, MeetingPolicy.defaults(), "cr", api.clock);
        sqs = LocalSqs.client();
        queueUrl = LocalSqs.freshQueue(30);
        assertEquals(201, api.request("POST /v1/rooms").as("alice", "alice@example.com")
                .body("{\"name\":\"team\"}").send().status());
    }

    @AfterEach
    void tearDown() {
        api.close();
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
    }

    /** {@code n} calendar meetings starting in 3 minutes (different ends): each needs its video room now. */
    private List<String> meetingsStartingSoon(int n) {
        List<String> ids = new ArrayList<>();
        Instant start = T0.plus(Duration.ofMinutes(3));
        for (int i = 0; i < n; i++) {
            Instant end = start.plus(Duration.ofMinutes(20 + i));
            String id = new MeetingSlot(start, end).id();
            assertTrue(meetings.create(Meeting.calendar(id, "team", "Meeting " + i, start, end,
                    Set.of("uid-" + i + "\u001f-"), null, null, List.of())));
            ids.add(id);
        }
        return ids;
    }

    private List<Message> receiveAll() {
        List<Message> all = new ArrayList<>();
        for (int empty = 0; empty < 2; ) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (got.isEmpty()) {
                empty++;
            }
            all.addAll(got);
        }
        return all;
    }

    private String deliver(List<Message> batch) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new dev.calroom.handler.MeetingLifecycleWorkerHandler(lifecycle).handleRequest(
                new ByteArrayInputStream(SqsEvents.of(batch)), out, null);
        return out.toString();
    }

    @Test
    void schedule_fansOut_whenMoreAreDueThanOneRunTakes_andWorkersPrepareEveryRoomOnce() throws Exception {
        List<String> ids = meetingsStartingSoon(25);
        LifecycleDispatcher dispatcher = new LifecycleDispatcher(lifecycle, meetings,
                new SqsLifecycleQueue(sqs, queueUrl), 10, 1000, Duration.ofMinutes(5), api.clock);
        LifecycleDispatch d = dispatcher.run(Duration.ofSeconds(30));
        assertFalse(d.inline());
        assertEquals(25, d.due());
        assertEquals(25, d.queued());
        assertEquals(0, dispatcher.run(Duration.ofSeconds(30)).due(), "queued meetings are not due again");

        List<Message> messages = receiveAll();
        assertEquals(25, messages.size());
        for (int i = 0; i < messages.size(); i += 10) {
            assertEquals("{\"batchItemFailures\":[]}",
                    deliver(messages.subList(i, Math.min(messages.size(), i + 10))));
        }
        for (String id : ids) {
            assertTrue(meetings.get("team", id).orElseThrow().videoRoom() != null, id + " has its video room");
        }
        int created = api.daily.calls("POST /v1/rooms");
        assertEquals(25, created);

        assertEquals("{\"batchItemFailures\":[]}", deliver(messages.subList(0, 10)), "duplicate delivery");
        assertEquals(created, api.daily.calls("POST /v1/rooms"), "a duplicate delivery creates nothing");
    }

    @Test
    void schedule_worksInline_whileOneRunTakesEveryDueMeeting() {
        meetingsStartingSoon(3);
        LifecycleDispatch d = new LifecycleDispatcher(lifecycle, meetings, new SqsLifecycleQueue(sqs, queueUrl),
                10, 1000, Duration.ofMinutes(5), api.clock).run(Duration.ofSeconds(30));
        assertTrue(d.inline());
        assertEquals(List.of(), receiveAll());
    }

    @Test
    void worker_namesUnreadableMessages_forTheDeadLetterQueue() throws Exception {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("not json"));
        List<Message> batch = receiveAll();
        String response = deliver(batch);
        assertEquals(batch.get(0).messageId(), JSON.readTree(response).path("batchItemFailures").get(0)
                .path("itemIdentifier").asText());
    }

    @Test
    void schedule_givesMeetingsTheirDueTimeBack_whenTheQueueRefusesThem() {
        meetingsStartingSoon(12);
        List<DueMeeting> before = meetings.due(T0, 100);
        LifecycleDispatch d = new LifecycleDispatcher(lifecycle, meetings, refused -> refused, 10, 1000,
                Duration.ofMinutes(5), api.clock).run(Duration.ofSeconds(30));
        assertEquals(12, d.sendFailures());
        assertEquals(0, d.queued());
        assertEquals(before, meetings.due(T0, 100), "every meeting due again at the time it was due");
    }
}
