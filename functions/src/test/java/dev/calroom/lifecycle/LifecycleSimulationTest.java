package dev.calroom.lifecycle;

import dev.calroom.api.ApiTestBed;
import dev.calroom.daily.DailyClient;
import dev.calroom.daily.DailyEmulator;
import dev.calroom.daily.DailySettings;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingPolicy;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.dynamodb.DynamoMeetingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A day of meetings in one-minute steps against DynamoDB Local, the real API handlers and webhooks, and the Daily
 * emulator, with the lifecycle run once per step. At every step nobody present is closed out, every meeting closes
 * within one run of its rule, and at the end no video room outlives its meeting.
 */
class LifecycleSimulationTest {

    static final Instant DAY = Instant.parse("2026-11-23T08:00:00Z");

    ApiTestBed api;
    DynamoMeetingStore meetings;
    LifecycleService lifecycle;
    /** Meeting id to the instant its closing rule fires (null: must not close during the day). */
    final Map<String, Instant> closeRule = new LinkedHashMap<>();
    final Map<String, Instant> closedAt = new HashMap<>();
    /** Daily room name to sessions this test put in it. */
    final Map<String, List<String>> sessions = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiTestBed(DAY);
        meetings = new DynamoMeetingStore(api.db, api.table);
        api.daily.webhooks(ApiTestBed.WEBHOOK_SECRET, (ts, sig, body) -> {
            var r = api.request("POST /v1/webhooks/daily").header("X-Webhook-Timestamp", ts)
                    .header("X-Webhook-Signature", sig).body(body).send();
            assertEquals(200, r.status(), r.raw());
        });
        DailySettings quick = new DailySettings(Duration.ofMillis(400), Duration.ofSeconds(3), 7,
                Duration.ofMillis(10), Duration.ofMillis(80), 200, 200, Duration.ofSeconds(5));
        DailyClient daily = new DailyClient(DailyClient.defaultHttpClient(Duration.ofSeconds(1)), api.daily.baseUrl(),
                () -> "test-daily-key", quick);
        lifecycle = new LifecycleService(meetings, meetings, daily, MeetingPolicy.defaults(), "cr", api.clock);
        assertEquals(201, api.request("POST /v1/rooms").as("alice", "alice@example.com")
                .body("{\"name\":\"team\"}").send().status());
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    Instant at(String hhmm) {
        return Instant.parse("2026-11-23T" + hhmm + ":00Z");
    }

    String calendarMeeting(String from, String to) {
        String id = new MeetingSlot(at(from), at(to)).id();
        assertTrue(meetings.create(Meeting.calendar(id, "team", "Meeting " + from, at(from), at(to),
                Set.of("uid-" + from + "\u001f-"), null, null, List.of())));
        return id;
    }

    String adhocMeeting(String key) {
        var r = api.request("POST /v1/rooms/{room}/meetings").path("room", "team").header("Idempotency-Key", key)
                .send();
        assertEquals(201, r.status());
        return r.json().path("id").asText();
    }

    /** A participant joins through the API (token) and enters the video room; retried later if Daily is down. */
    boolean enter(String meetingId, String who) {
        var r = api.request("POST /v1/rooms/{room}/meetings/{meetingId}/join").path("room", "team")
                .path("meetingId", meetingId).body("{\"displayName\":\"" + who + "\"}").send();
        if (r.status() == 503) {
            return false;
        }
        assertEquals(200, r.status(), r.raw());
        String room = "cr_team_" + meetingId;
        var p = api.daily.join(room, who);
        if (p == null) {
            return false;
        }
        sessions.computeIfAbsent(room, k -> new ArrayList<>()).add(p.sessionId());
        return true;
    }

    void leaveAll(String meetingId) {
        String room = "cr_team_" + meetingId;
        for (String s : sessions.getOrDefault(room, List.of())) {
            api.daily.leave(room, s);
        }
        sessions.remove(room);
    }

    void leaveOne(String meetingId) {
        String room = "cr_team_" + meetingId;
        List<String> list = sessions.get(room);
        api.daily.leave(room, list.removeFirst());
    }

    Meeting meeting(String id) {
        return meetings.get("team", id).orElseThrow();
    }

    /** One minute of the day: the events planned for it, one lifecycle run, then the invariants. */
    void step(Map<Instant, List<Runnable>> plan) {
        api.clock.advance(Duration.ofMinutes(1));
        Instant now = api.clock.instant();
        for (Runnable r : plan.getOrDefault(now, List.of())) {
            r.run();
        }
        lifecycle.runDue(Duration.ofSeconds(30), 500);
        for (Map.Entry<String, Instant> e : closeRule.entrySet()) {
            Meeting m = meeting(e.getKey());
            String room = "cr_team_" + m.id();
            if (!api.daily.participants(room).isEmpty()) {
                assertFalse(m.isOver(), "closed under participants: " + m.id() + " at " + now);
            }
            if (m.isOver()) {
                closedAt.putIfAbsent(m.id(), now);
                assertTrue(e.getValue() != null && !now.isBefore(e.getValue()),
                        m.id() + " closed at " + now + " before its rule " + e.getValue());
            } else if (e.getValue() != null && now.isAfter(e.getValue())) {
                fail(m.id() + " still " + m.status() + " at " + now + ", its rule fired at " + e.getValue());
            }
        }
    }

    void runDay(boolean faults) {
        String a = calendarMeeting("09:00", "09:30");
        String b = calendarMeeting("10:00", "10:30");
        String c = calendarMeeting("11:00", "11:30");
        String d = calendarMeeting("12:00", "12:30");
        Map<Instant, List<Runnable>> plan = new HashMap<>();
        java.util.function.BiConsumer<String, Runnable> on = (t, r) -> plan.computeIfAbsent(at(t),
                k -> new ArrayList<>()).add(r);
        String[] adhoc = new String[2];
        on.accept("08:30", () -> adhoc[0] = adhocMeeting("e-click"));
        on.accept("08:30", () -> closeRule.put(adhoc[0], at("09:00")));
        // A: two people, one drops and rejoins, both leave at 09:28: closes 15 minutes later.
        retrying(on, "09:02", () -> enter(a, "Ada"));
        retrying(on, "09:05", () -> enter(a, "Ben"));
        on.accept("09:10", () -> leaveOne(a));
        retrying(on, "09:12", () -> enter(a, "Ben"));
        on.accept("09:28", () -> leaveAll(a));
        closeRule.put(a, at("09:43"));
        // F: an unscheduled call, 09:00 to 09:20.
        on.accept("09:00", () -> adhoc[1] = adhocMeeting("f-click"));
        on.accept("09:00", () -> closeRule.put(adhoc[1], at("09:35")));
        retrying(on, "09:01", () -> enter(adhoc[1], "Cy"));
        on.accept("09:20", () -> leaveAll(adhoc[1]));
        // B: runs 40 minutes over its 10:30 end; a drop and rejoin at 10:50, after the scheduled end.
        retrying(on, "10:00", () -> enter(b, "Ada"));
        on.accept("10:50", () -> leaveAll(b));
        retrying(on, "10:51", () -> enter(b, "Ada"));
        on.accept("11:10", () -> leaveAll(b));
        closeRule.put(b, at("11:25"));
        // C: nobody comes: closes 30 minutes after its end.
        closeRule.put(c, at("12:00"));
        // D: its booking is cancelled after the video room was prepared (11:55).
        on.accept("11:58", () -> {
            Meeting m = meeting(d);
            assertTrue(m.videoRoom() != null || faults, "prepared 5 minutes before start");
            assertTrue(meetings.cancel("team", d, m.version(), api.clock.instant()));
        });
        closeRule.put(d, at("11:58"));

        for (int minute = 0; minute < 5 * 60 + 30; minute++) {
            step(plan);
        }
        for (String id : closeRule.keySet()) {
            Meeting m = meeting(id);
            assertTrue(m.isOver(), id + " is " + m.status());
            assertEquals(null, m.videoRoom(), id + " still holds a video room");
            assertFalse(api.daily.exists("cr_team_" + id), "video room of " + id + " left behind");
        }
        assertEquals(MeetingStatus.CANCELLED, meeting(d).status());
        assertEquals(MeetingStatus.ENDED, meeting(b).status());
        assertTrue(meeting(b).endedAt().isAfter(at("11:10")), "B ran over and closed after everyone left");
        assertTrue(api.daily.rooms().isEmpty(), "rooms left: " + api.daily.rooms().keySet());
        if (!faults) {
            assertTrue(api.daily.deletedRooms().contains("cr_team_" + d), "the cancelled booking's room was deleted");
        }
    }

    /** Schedules an action that is retried each minute until it succeeds (a person clicking join again). */
    void retrying(java.util.function.BiConsumer<String, Runnable> on, String time, java.util.function.BooleanSupplier action) {
        on.accept(time, new Runnable() {
            @Override
            public void run() {
                if (!action.getAsBoolean()) {
                    Instant next = api.clock.instant().plus(Duration.ofMinutes(1));
                    String hhmm = next.toString().substring(11, 16);
                    on.accept(hhmm, this);
                }
            }
        });
    }

    @Test
    void aDayOfMeetings_closesEachOnItsRule_neverUnderParticipants_andLeavesNoVideoRoom() {
        runDay(false);
        assertTrue(api.daily.calls("POST /v1/rooms/:name") > 0, "B's room expiry was extended while it ran over");
    }

    @Test
    void theSameDay_withDailyFaults_keepsTheSameGuarantees() {
        api.daily.faults(0.3);
        api.daily.slow(0.05, Duration.ofMillis(600));
        runDay(true);
    }

    @Test
    void missedWebhooks_areCorrectedFromDailyPresence() {
        String a = calendarMeeting("09:00", "09:30");
        Map<Instant, List<Runnable>> plan = new HashMap<>();
        plan.put(at("09:02"), List.of(() -> {
            api.daily.dropWebhooks(true);
            assertTrue(enter(a, "Ada"));
        }));
        // The leave is missed too: the webhook count would keep the meeting open forever.
        plan.put(at("09:40"), List.of(() -> leaveAll(a)));
        closeRule.put(a, null);
        while (api.clock.instant().isBefore(at("09:39"))) {
            step(plan);
        }
        assertEquals(MeetingStatus.ACTIVE, meeting(a).status(), "found active from Daily's presence");
        assertEquals(1, meeting(a).presence().count());
        for (int i = 0; i < 30; i++) {
            api.clock.advance(Duration.ofMinutes(1));
            for (Runnable r : plan.getOrDefault(api.clock.instant(), List.of())) {
                r.run();
            }
            lifecycle.runDue(Duration.ofSeconds(30), 100);
        }
        assertEquals(MeetingStatus.ENDED, meeting(a).status());
        assertTrue(meeting(a).endedAt().compareTo(at("09:55")) >= 0, "not before 15 minutes of an empty room");
        assertFalse(api.daily.exists("cr_team_" + a));
    }

    @Test
    void concurrentRuns_andReplayedWebhooks_neitherDoubleCloseNorResurrect() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(calendarMeeting(String.format("09:%02d", i * 5), String.format("09:%02d", i * 5 + 20)));
        }
        api.clock.advance(Duration.ofMinutes(91));
        for (String id : ids) {
            assertTrue(enter(id, "Ada"));
        }
        List<String> captured = new ArrayList<>();
        api.daily.webhooks(ApiTestBed.WEBHOOK_SECRET, (ts, sig, body) -> {
            captured.add(ts + "\n" + sig + "\n" + body);
            api.request("POST /v1/webhooks/daily").header("X-Webhook-Timestamp", ts)
                    .header("X-Webhook-Signature", sig).body(body).send();
        });
        for (String id : ids) {
            leaveAll(id);
        }
        api.clock.advance(Duration.ofMinutes(16));
        List<Callable<LifecycleRunSummary>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(() -> lifecycle.runDue(Duration.ofSeconds(30), 100));
        }
        int ended = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (var f : pool.invokeAll(runs)) {
                ended += f.get().meetingsEnded();
            }
        }
        assertEquals(ids.size(), ended, "each meeting ended exactly once");
        // Replays of the old joins (duplicate ids) and a late, out-of-order join do not reopen anything.
        for (String delivery : captured) {
            String[] parts = delivery.split("\n", 3);
            String body = parts[2].replace("participant.left", "participant.joined").replace("ptcpt-left-",
                    "ptcpt-join-late-");
            String ts = Long.toString(api.clock.instant().toEpochMilli());
            var r = api.request("POST /v1/webhooks/daily").header("X-Webhook-Timestamp", ts)
                    .header("X-Webhook-Signature", new dev.calroom.webhooks.WebhookSignature(ApiTestBed.WEBHOOK_SECRET)
                            .sign(ts, body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).body(body).send();
            assertEquals(200, r.status());
        }
        for (String id : ids) {
            Meeting m = meeting(id);
            assertEquals(MeetingStatus.ENDED, m.status());
            assertEquals(0, m.presence().count());
            assertNotEquals(null, m.endedAt());
            assertFalse(api.daily.exists("cr_team_" + id));
        }
        assertEquals(ids.size(), api.daily.deletedRooms().size(), "each video room deleted once");
    }
}
