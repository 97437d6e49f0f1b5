package dev.calroom.webhooks;

import dev.calroom.api.ApiTestBed;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.dynamodb.DynamoMeetingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DailyWebhookTest {

    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    ApiTestBed api;
    DynamoMeetingStore meetings;
    WebhookSignature signer = new WebhookSignature(ApiTestBed.WEBHOOK_SECRET);
    String meetingId;
    String videoRoom;

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiTestBed(NOW);
        meetings = new DynamoMeetingStore(api.db, api.table);
        assertEquals(201, api.request("POST /v1/rooms").as("alice", "alice@example.com")
                .body("{\"name\":\"team\"}").send().status());
        meetingId = new MeetingSlot(NOW, NOW.plus(Duration.ofMinutes(30))).id();
        assertTrue(meetings.create(Meeting.calendar(meetingId, "team", "Standup", NOW, NOW.plus(Duration.ofMinutes(30)),
                Set.of("u\u001f-"), null, null, List.of())));
        videoRoom = "cr_team_" + meetingId;
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void signature_matchesDailysPublishedTestVector() {
        byte[] body = "{\"test\":\"test\"}".getBytes(StandardCharsets.UTF_8);
        WebhookSignature s = new WebhookSignature("cR0xocJXAg53MKgBFQXnnEPwvrXTPPVhehv5Fzp2nxc=");
        assertEquals("0xekj4oKDC1qhAn8XHaE+IqNv7XtLm+CKo/yQRThPAI=", s.sign("1778619696910", body));
        assertTrue(s.verify("1778619696910", body, "0xekj4oKDC1qhAn8XHaE+IqNv7XtLm+CKo/yQRThPAI="));
        assertFalse(s.verify("1778619696911", body, "0xekj4oKDC1qhAn8XHaE+IqNv7XtLm+CKo/yQRThPAI="));
        assertFalse(s.verify("1778619696910", "{\"test\": \"test\"}".getBytes(StandardCharsets.UTF_8),
                "0xekj4oKDC1qhAn8XHaE+IqNv7XtLm+CKo/yQRThPAI="), "the raw bytes are signed, whitespace included");
        assertFalse(s.verify("1778619696910", body, "not base64 !"));
    }

    String event(String type, String id, String session, double ts) {
        return """
                {"version":"1.0.0","type":"%s","id":"%s","payload":{"room":"%s","session_id":"%s",\
                "user_id":"u-1","user_name":"Ada","joined_at":%s,"duration":60.5},"event_ts":%s}"""
                .formatted(type, id, videoRoom, session, ts, ts);
    }

    ApiTestBed.Reply deliver(String body) {
        String ts = Long.toString(api.clock.instant().toEpochMilli());
        return deliver(body, ts, signer.sign(ts, body.getBytes(StandardCharsets.UTF_8)));
    }

    ApiTestBed.Reply deliver(String body, String ts, String signature) {
        var r = api.request("POST /v1/webhooks/daily").body(body);
        if (ts != null) {
            r.header("X-Webhook-Timestamp", ts);
        }
        if (signature != null) {
            r.header("X-Webhook-Signature", signature);
        }
        return r.send();
    }

    double seconds() {
        return api.clock.instant().toEpochMilli() / 1000.0;
    }

    Meeting meeting() {
        return meetings.get("team", meetingId).orElseThrow();
    }

    @Test
    void joinAndLeave_updatePresence_onceEach() {
        ApiTestBed.Reply joined = deliver(event("participant.joined", "ptcpt-join-1", "s-1", seconds()));
        assertEquals(200, joined.status());
        assertEquals("ok", joined.json().path("status").asText());
        assertEquals(1, meeting().presence().count());
        assertEquals(MeetingStatus.ACTIVE, meeting().status());

        assertEquals("duplicate", deliver(event("participant.joined", "ptcpt-join-1", "s-1", seconds())).json()
                .path("status").asText());
        assertEquals(1, meeting().presence().count());
        deliver(event("participant.joined", "ptcpt-join-2", "s-2", seconds()));
        assertEquals(2, meeting().presence().count());
        assertEquals(2, api.request("GET /v1/rooms/{room}/meetings/{meetingId}").path("room", "team")
                .path("meetingId", meetingId).send().json().path("participantCount").asInt());

        api.clock.advance(Duration.ofMinutes(1));
        deliver(event("participant.left", "ptcpt-left-1", "s-1", seconds()));
        deliver(event("participant.left", "ptcpt-left-1b", "s-1", seconds()));
        assertEquals(1, meeting().presence().count(), "a second leave of one session changes nothing");
        deliver(event("participant.left", "ptcpt-left-2", "s-2", seconds()));
        assertEquals(0, meeting().presence().count());
        assertEquals(api.clock.instant(), meeting().presence().lastLeftAt());
        assertEquals(MeetingStatus.ACTIVE, meeting().status(), "closing is the lifecycle's decision");
    }

    @Test
    void leaveBeforeJoin_isRemembered_soTheLateJoinDoesNotCount() {
        deliver(event("participant.left", "ptcpt-left-9", "s-9", seconds()));
        deliver(event("participant.joined", "ptcpt-join-9", "s-9", seconds()));
        assertEquals(0, meeting().presence().count());
    }

    @Test
    void aDeliveryAppliedButNotRecorded_isAppliedOnceWhenRedelivered() {
        // The function dies between applying the join and recording the event (here: the record's write fails).
        api.faults.failBefore("PutItem", 1, () -> software.amazon.awssdk.core.exception.SdkClientException
                .create("injected: the function stopped before recording the delivery"));
        String body = event("participant.joined", "ptcpt-join-crash", "s-x", seconds());
        assertEquals(500, deliver(body).status());
        assertEquals(1, api.faults.injected());
        assertEquals(1, meeting().presence().count(), "the join was applied");
        ApiTestBed.Reply again = deliver(body);
        assertEquals(200, again.status(), "Daily's redelivery is accepted");
        assertEquals(1, meeting().presence().count(), "and applies nothing twice");
        assertEquals("duplicate", deliver(body).json().path("status").asText(), "now it is recorded");
    }

    @Test
    void concurrentDuplicateDeliveries_countOnce() throws Exception {
        String body = event("participant.joined", "ptcpt-join-c", "s-c", seconds());
        List<Callable<ApiTestBed.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> deliver(body));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (Future<ApiTestBed.Reply> f : pool.invokeAll(calls)) {
                assertEquals(200, f.get().status());
            }
        }
        assertEquals(1, meeting().presence().count());
    }

    @Test
    void badSignatures_andStaleTimestamps_areRefused() {
        String body = event("participant.joined", "ptcpt-join-x", "s-x", seconds());
        String ts = Long.toString(api.clock.instant().toEpochMilli());
        assertEquals(401, deliver(body, ts, "AAAA").status());
        assertEquals(401, deliver(body, null, null).status());
        assertEquals(401, deliver(body, ts, new WebhookSignature("c2VjcmV0LW9mLXNvbWVvbmUtZWxzZQ==")
                .sign(ts, body.getBytes(StandardCharsets.UTF_8))).status());
        String old = Long.toString(api.clock.instant().minus(Duration.ofMinutes(6)).toEpochMilli());
        ApiTestBed.Reply replay = deliver(body, old, signer.sign(old, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, replay.status());
        assertEquals("unauthorized", replay.code());
        assertEquals(0, meeting().presence().count());
    }

    @Test
    void dailysTestDelivery_answers200_andOtherRoomsAreIgnored() {
        assertEquals(200, deliver("{\"test\":\"test\"}", null, null).status());
        String foreign = event("participant.joined", "ptcpt-join-f", "s-f", seconds())
                .replace(videoRoom, "someone-elses-room");
        assertEquals("ignored", deliver(foreign).json().path("status").asText());
        assertEquals("ignored", deliver(event("recording.started", "rec-1", "s", seconds())).json().path("status")
                .asText());
        ApiTestBed.Reply malformed = deliver("{\"type\":");
        assertEquals(400, malformed.status());
        assertEquals("validation-failed", malformed.code());
    }

    @Test
    void meetingEnded_isRecorded() {
        deliver(event("participant.joined", "ptcpt-join-1", "s-1", seconds()));
        String ended = """
                {"version":"1.0.0","type":"meeting.ended","id":"met-end-1","payload":{"room":"%s",\
                "meeting_id":"m-1","start_ts":%s,"end_ts":%s},"event_ts":%s}"""
                .formatted(videoRoom, seconds(), seconds() + 60, seconds() + 60);
        assertEquals("ok", deliver(ended).json().path("status").asText());
        var item = api.db.getItem(b -> b.tableName(api.table).key(java.util.Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ROOM#team"),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("MEETING#" + meetingId))))
                .item();
        assertEquals(NOW.plusSeconds(60).toString(), Instant.parse(item.get("videoEndedAt").s()).toString());
    }
}
