package dev.calroom.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calroom.daily.DailyEmulator;
import dev.calroom.domain.Attendee;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.dynamodb.DynamoMeetingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeetingsApiTest {

    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    static final Set<String> OWNER_ONLY = Set.of("description", "location", "attendees", "sourceEvents");

    ApiTestBed api;
    DynamoMeetingStore meetings;

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiTestBed(NOW);
        meetings = new DynamoMeetingStore(api.db, api.table);
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    void room(String name, boolean locked) {
        assertEquals(201, api.request("POST /v1/rooms").as("alice", "alice@example.com")
                .body("{\"name\":\"" + name + "\",\"isLocked\":" + locked + "}").send().status());
    }

    String meeting(String room, Instant start, Duration length, String... attendeeEmails) {
        String id = new MeetingSlot(start, start.plus(length)).id();
        List<Attendee> attendees = new ArrayList<>();
        for (String e : attendeeEmails) {
            attendees.add(new Attendee(e, e.substring(0, e.indexOf('@')), "ACCEPTED"));
        }
        assertTrue(meetings.create(Meeting.calendar(id, room, "Planning", start, start.plus(length),
                Set.of("uid-1\u001f-"), "Dial-in secrets: 1234", "Board room", attendees)));
        return id;
    }

    ApiTestBed.Request join(String room, String id) {
        return api.request("POST /v1/rooms/{room}/meetings/{meetingId}/join").path("room", room)
                .path("meetingId", id);
    }

    void webhookJoin(String room, String id, String session) {
        meetings.participantJoined(room, id, session, null, api.clock.instant(), api.clock.instant());
    }

    @Test
    void lists_showOwnerOnlyFieldsToTheOwnerAlone() {
        room("team", false);
        String id = meeting("team", NOW.plus(Duration.ofHours(1)), Duration.ofMinutes(30), "bob@example.com");
        meeting("team", NOW.plus(Duration.ofHours(30)), Duration.ofMinutes(30));
        ApiTestBed.Reply owner = api.request("GET /v1/rooms/{room}/meetings").path("room", "team")
                .as("alice", "alice@example.com").send();
        assertEquals(1, owner.json().path("meetings").size(), "only the next 24 h");
        JsonNode m = owner.json().path("meetings").get(0);
        assertEquals(id, m.path("id").asText());
        assertEquals("Dial-in secrets: 1234", m.path("description").asText());
        assertEquals("bob@example.com", m.path("attendees").get(0).path("email").asText());
        assertEquals("uid-1", m.path("sourceEvents").get(0).path("uid").asText());
        assertEquals("2026-11-23T09:00:00Z", m.path("joinableAt").asText());

        List<ApiTestBed.Reply> others = List.of(
                api.request("GET /v1/rooms/{room}/meetings").path("room", "team").send(),
                api.request("GET /v1/rooms/{room}/meetings").path("room", "team").as("bob", "bob@example.com")
                        .send(),
                api.request("GET /v1/rooms/{room}/meetings/upcoming").path("room", "team")
                        .query("minutes", "90").send(),
                api.request("GET /v1/rooms/{room}/meetings/{meetingId}").path("room", "team")
                        .path("meetingId", id).send());
        for (ApiTestBed.Reply r : others) {
            assertEquals(200, r.status());
            for (String field : OWNER_ONLY) {
                assertFalse(r.raw().contains("\"" + field + "\""), field + " leaked: " + r.raw());
            }
            assertFalse(r.raw().contains("Dial-in secrets"));
        }
        api.clock.advance(Duration.ofMinutes(61));
        ApiTestBed.Reply joined = join("team", id).as("bob", "bob@example.com").send();
        assertEquals(200, joined.status());
        for (String field : OWNER_ONLY) {
            assertFalse(joined.json().path("meeting").has(field), field);
        }
    }

    @Test
    void upcoming_showsScheduledMeetingsWithinTheGivenMinutes() {
        room("team", false);
        meeting("team", NOW.plus(Duration.ofMinutes(10)), Duration.ofMinutes(30));
        meeting("team", NOW.plus(Duration.ofMinutes(50)), Duration.ofMinutes(30));
        assertEquals(1, api.request("GET /v1/rooms/{room}/meetings/upcoming").path("room", "team").send().json()
                .path("meetings").size());
        assertEquals(2, api.request("GET /v1/rooms/{room}/meetings/upcoming").path("room", "team")
                .query("minutes", "60").send().json().path("meetings").size());
        ApiTestBed.Reply bad = api.request("GET /v1/rooms/{room}/meetings/upcoming").path("room", "team")
                .query("minutes", "ten").send();
        assertEquals(400, bad.status());
        assertEquals("minutes", bad.json().path("field").asText());
        assertEquals(404, api.request("GET /v1/rooms/{room}/meetings/upcoming").path("room", "nope").send()
                .status());
    }

    @Test
    void join_beforeStart_answers409WithWhenItOpens() {
        room("team", false);
        String id = meeting("team", NOW.plus(Duration.ofMinutes(20)), Duration.ofMinutes(30));
        ApiTestBed.Reply r = join("team", id).send();
        assertEquals(409, r.status());
        assertEquals("meeting-not-started", r.code());
        assertEquals("2026-11-23T08:20:00Z", r.json().path("startsAt").asText());
        assertEquals("2026-11-23T08:20:00Z", r.json().path("joinableAt").asText());
        assertEquals("2026-11-23T08:00:00Z", r.json().path("now").asText(), "the server's time, to count down by");
        assertEquals("1200", r.header("Retry-After"), "seconds until it can be joined");
        assertTrue(api.daily.rooms().isEmpty(), "no video room before the meeting opens");
    }

    @Test
    void join_mintsAPrivateRoomToken_boundedByTheMeetingsHardEnd() {
        room("team", false);
        String id = meeting("team", NOW, Duration.ofMinutes(30));
        ApiTestBed.Reply r = join("team", id).body("{\"displayName\":\"Ada\"}").send();
        assertEquals(200, r.status());
        String roomName = "cr_team_" + id;
        assertEquals("https://calroom.daily.co/" + roomName, r.json().path("roomUrl").asText());
        JsonNode token = DailyEmulator.tokenProperties(r.json().path("token").asText());
        assertEquals(roomName, token.path("room_name").asText());
        assertEquals("Ada", token.path("user_name").asText());
        assertFalse(token.path("is_owner").asBoolean());
        Instant hardEnd = NOW.plus(Duration.ofMinutes(60));
        assertEquals(hardEnd.getEpochSecond(), token.path("exp").asLong());
        assertEquals(hardEnd.toString(), r.json().path("tokenExpiresAt").asText());
        assertEquals(hardEnd.getEpochSecond(), api.daily.rooms().get(roomName).exp());

        ApiTestBed.Reply owner = join("team", id).as("alice", "alice@example.com").send();
        assertTrue(DailyEmulator.tokenProperties(owner.json().path("token").asText()).path("is_owner").asBoolean());
        assertEquals("alice", DailyEmulator.tokenProperties(owner.json().path("token").asText()).path("user_id")
                .asText());
        assertEquals(1, api.daily.calls("POST /v1/rooms"), "the second join reuses the room");

        ApiTestBed.Reply refresh = api.request("POST /v1/rooms/{room}/meetings/{meetingId}/token")
                .path("room", "team").path("meetingId", id).send();
        assertEquals(200, refresh.status());
        assertEquals(hardEnd.toString(), refresh.json().path("expiresAt").asText());
    }

    @Test
    void lockedRoom_letsInTheOwnerAndInvitedAttendeesOnly() {
        room("board", true);
        String id = meeting("board", NOW, Duration.ofMinutes(30), "Bob@Example.com");
        ApiTestBed.Reply anonymous = join("board", id).send();
        assertEquals(401, anonymous.status());
        assertEquals("unauthorized", anonymous.code());
        ApiTestBed.Reply stranger = join("board", id).as("carol", "carol@example.com").send();
        assertEquals(403, stranger.status());
        assertEquals("not-invited", stranger.code());
        ApiTestBed.Reply unverified = join("board", id)
                .bearer(api.issuer.unverifiedEmailToken("mallory", "bob@example.com")).send();
        assertEquals(403, unverified.status(), "an unverified email claim is not an invitation");
        assertEquals(200, join("board", id).as("bob", "bob@example.com").send().status());
        assertEquals(200, join("board", id).as("alice", "alice@example.com").send().status());
        ApiTestBed.Reply token = api.request("POST /v1/rooms/{room}/meetings/{meetingId}/token")
                .path("room", "board").path("meetingId", id).as("carol", "carol@example.com").send();
        assertEquals(403, token.status());
        ApiTestBed.Reply create = api.request("POST /v1/rooms/{room}/meetings").path("room", "board")
                .as("bob", "bob@example.com").send();
        assertEquals(403, create.status());
    }

    @Test
    void join_refusesEndedAndCancelledMeetings_with410() {
        room("team", false);
        String cancelled = meeting("team", NOW.plus(Duration.ofMinutes(30)), Duration.ofMinutes(30));
        Meeting m = meetings.get("team", cancelled).orElseThrow();
        assertTrue(meetings.cancel("team", cancelled, m.version(), NOW));
        api.clock.advance(Duration.ofMinutes(31));
        ApiTestBed.Reply r = join("team", cancelled).send();
        assertEquals(410, r.status());
        assertEquals("meeting-ended", r.code());
        assertEquals("cancelled", r.json().path("meetingStatus").asText());

        String noShow = meeting("team", NOW, Duration.ofMinutes(15));
        // Nobody joined; 30 minutes after its end it is over.
        api.clock.advance(Duration.ofMinutes(15));
        assertEquals(410, join("team", noShow).send().status());
        assertEquals(404, join("team", "20990101T000000Z-20990101T010000Z").send().status());
        assertEquals("meeting-not-found", join("team", "20990101T000000Z-20990101T010000Z").send().code());
        assertEquals("room-not-found", join("nowhere", noShow).send().code());
        assertEquals("meeting-not-found", join("team", "bad_id!").send().code());
    }

    @Test
    void rejoin_afterTheScheduledEnd_worksWhileTheCallIsActive() {
        room("team", false);
        String id = meeting("team", NOW, Duration.ofMinutes(30));
        assertEquals(200, join("team", id).send().status());
        webhookJoin("team", id, "session-1");
        // The call runs 40 minutes over; someone drops out and comes back.
        api.clock.advance(Duration.ofMinutes(70));
        ApiTestBed.Reply r = join("team", id).send();
        assertEquals(200, r.status(), r.raw());
        Instant exp = Instant.parse(r.json().path("tokenExpiresAt").asText());
        assertTrue(exp.isAfter(api.clock.instant().plus(Duration.ofMinutes(20))), exp.toString());
        assertEquals("active", r.json().path("meeting").path("status").asText());
        assertEquals(1, r.json().path("meeting").path("participantCount").asInt());
        assertEquals(exp.getEpochSecond(), api.daily.rooms().get("cr_team_" + id).exp(),
                "the video room stays open as long as the token");
    }

    @Test
    void concurrentJoins_createOneVideoRoom() throws Exception {
        room("team", false);
        String id = meeting("team", NOW, Duration.ofMinutes(30));
        List<Callable<ApiTestBed.Reply>> joins = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            joins.add(() -> join("team", id).send());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            Set<String> urls = new HashSet<>();
            for (Future<ApiTestBed.Reply> f : pool.invokeAll(joins)) {
                assertEquals(200, f.get().status());
                urls.add(f.get().json().path("roomUrl").asText());
            }
            assertEquals(1, urls.size());
        }
        assertEquals(1, api.daily.rooms().size());
        assertTrue(api.daily.deletedRooms().isEmpty());
        assertNotNull(meetings.get("team", id).orElseThrow().videoRoom());
    }

    @Test
    void join_whenDailyIsDown_answers503WithRetryAfter_andStoresNoRoom() {
        room("team", false);
        String id = meeting("team", NOW, Duration.ofMinutes(30));
        api.daily.faults(1.0);
        ApiTestBed.Reply r = join("team", id).send();
        assertEquals(503, r.status());
        assertEquals("video-provider-unavailable", r.code());
        assertNotNull(r.header("Retry-After"));
        assertEquals(null, meetings.get("team", id).orElseThrow().videoRoom());
        api.daily.faults(0);
        assertEquals(200, join("team", id).send().status());
    }

    @Test
    void createAdhoc_reusingAKeyWithAnotherBody_is422_andCreatesNothing() {
        room("team", false);
        ApiTestBed.Reply first = api.request("POST /v1/rooms/{room}/meetings").path("room", "team")
                .header("Idempotency-Key", "click-1").body("{\"title\":\"Quick sync\"}").send();
        assertEquals(201, first.status());
        ApiTestBed.Reply other = api.request("POST /v1/rooms/{room}/meetings").path("room", "team")
                .header("Idempotency-Key", "click-1").body("{\"title\":\"Another meeting\"}").send();
        assertEquals(422, other.status(), other.raw());
        assertEquals("idempotency-key-reused", other.code());
        ApiTestBed.Reply same = api.request("POST /v1/rooms/{room}/meetings").path("room", "team")
                .header("Idempotency-Key", "click-1").body("{\"title\":\"Quick sync\"}").send();
        assertEquals(200, same.status());
        assertEquals(first.json().path("id").asText(), same.json().path("id").asText());
    }

    @Test
    void createAdhoc_withTheSameIdempotencyKey_makesOneMeetingUnderConcurrency() throws Exception {
        room("team", false);
        List<Callable<ApiTestBed.Reply>> posts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            posts.add(() -> api.request("POST /v1/rooms/{room}/meetings").path("room", "team")
                    .header("Idempotency-Key", "click-7f3a").body("{\"title\":\"Quick sync\"}").send());
        }
        Set<String> ids = new HashSet<>();
        int created = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (Future<ApiTestBed.Reply> f : pool.invokeAll(posts)) {
                ApiTestBed.Reply r = f.get();
                assertTrue(r.status() == 201 || r.status() == 200, r.raw());
                created += r.status() == 201 ? 1 : 0;
                ids.add(r.json().path("id").asText());
                assertEquals("adhoc", r.json().path("source").asText());
            }
        }
        assertEquals(1, created);
        assertEquals(1, ids.size());
        assertEquals(1, api.request("GET /v1/rooms/{room}/meetings").path("room", "team").send().json()
                .path("meetings").size());
        ApiTestBed.Reply other = api.request("POST /v1/rooms/{room}/meetings").path("room", "team")
                .header("Idempotency-Key", "click-8b1c").send();
        assertEquals(201, other.status());
        assertEquals(2, api.request("GET /v1/rooms/{room}/meetings").path("room", "team").send().json()
                .path("meetings").size());
        ApiTestBed.Reply badKey = api.request("POST /v1/rooms/{room}/meetings").path("room", "team")
                .header("Idempotency-Key", "has spaces").send();
        assertEquals(400, badKey.status());
        assertEquals("Idempotency-Key", badKey.json().path("field").asText());
        // An unscheduled meeting can be joined at once.
        assertEquals(200, join("team", ids.iterator().next()).send().status());
    }

    ApiTestBed.Request ownerAction(String action, String room, String id) {
        return api.request("POST /v1/rooms/{room}/meetings/{meetingId}/" + action).path("room", room)
                .path("meetingId", id);
    }

    @Test
    void endNow_deletesTheVideoRoom_endsTheMeeting_andALateWebhookNeverReopensIt() {
        room("team", false);
        String id = meeting("team", NOW, Duration.ofMinutes(30));
        assertEquals(200, join("team", id).send().status());
        webhookJoin("team", id, "session-1");
        assertEquals(401, ownerAction("end", "team", id).send().status(), "anonymous");
        ApiTestBed.Reply notOwner = ownerAction("end", "team", id).as("mallory", "mallory@example.com").send();
        assertEquals(403, notOwner.status());
        assertEquals("forbidden", notOwner.code());

        ApiTestBed.Reply ended = ownerAction("end", "team", id).as("alice", "alice@example.com").send();
        assertEquals(200, ended.status(), ended.raw());
        assertEquals("ended", ended.json().path("status").asText());
        assertEquals(0, ended.json().path("participantCount").asInt());
        assertTrue(api.daily.deletedRooms().contains("cr_team_" + id), "the video room is deleted at once");
        Meeting stored = meetings.get("team", id).orElseThrow();
        assertEquals(MeetingStatus.ENDED, stored.status());
        assertEquals(null, stored.videoRoom(), "the record no longer names the deleted room");

        // Daily's webhooks arrive late: a join of a session that was in the room, and one of a new session.
        webhookJoin("team", id, "session-2");
        meetings.participantLeft("team", id, "session-1", NOW, NOW);
        assertEquals(MeetingStatus.ENDED, meetings.get("team", id).orElseThrow().status(), "never reopened");
        assertEquals(410, join("team", id).send().status(), "and nobody joins it again");
        ApiTestBed.Reply again = ownerAction("end", "team", id).as("alice", "alice@example.com").send();
        assertEquals(410, again.status());
        assertEquals("meeting-ended", again.code());
    }

    @Test
    void endNow_whenDailyFails_stillEnds_andLeavesTheTeardownToTheLifecycle() {
        room("team", false);
        String id = meeting("team", NOW, Duration.ofMinutes(30));
        assertEquals(200, join("team", id).send().status());
        api.daily.faults(1.0);
        ApiTestBed.Reply ended = ownerAction("end", "team", id).as("alice", "alice@example.com").send();
        api.daily.faults(0);
        assertEquals(200, ended.status(), ended.raw());
        Meeting stored = meetings.get("team", id).orElseThrow();
        assertEquals(MeetingStatus.ENDED, stored.status());
        assertNotNull(stored.videoRoom(), "the room is still recorded, for the lifecycle to delete");
        assertTrue(meetings.due(api.clock.instant(), 100).stream().anyMatch(d -> d.meetingId().equals(id)),
                "the ended meeting is due for the lifecycle now");
    }

    @Test
    void cancel_takesAnUnstartedUnscheduledMeeting_butNotACalendarOrAnActiveOne() {
        room("team", false);
        ApiTestBed.Reply created = api.request("POST /v1/rooms/{room}/meetings").path("room", "team")
                .as("alice", "alice@example.com").body("{\"title\":\"Ad hoc\"}").send();
        String adhoc = created.json().path("id").asText();
        assertEquals(200, join("team", adhoc).send().status(), "a video room exists, nobody entered yet");
        ApiTestBed.Reply cancelled = ownerAction("cancel", "team", adhoc).as("alice", "alice@example.com").send();
        assertEquals(200, cancelled.status(), cancelled.raw());
        assertEquals("cancelled", cancelled.json().path("status").asText());
        assertTrue(api.daily.deletedRooms().contains("cr_team_" + adhoc));
        assertEquals(410, join("team", adhoc).send().status());

        String calendar = meeting("team", NOW.plus(Duration.ofMinutes(10)), Duration.ofMinutes(30));
        ApiTestBed.Reply fromCalendar = ownerAction("cancel", "team", calendar).as("alice", "alice@example.com")
                .send();
        assertEquals(409, fromCalendar.status());
        assertEquals("meeting-from-calendar", fromCalendar.code());
        assertTrue(fromCalendar.json().path("detail").asText().contains("calendar"));

        ApiTestBed.Reply second = api.request("POST /v1/rooms/{room}/meetings").path("room", "team")
                .as("alice", "alice@example.com").body("{}").send();
        String active = second.json().path("id").asText();
        assertEquals(200, join("team", active).send().status());
        webhookJoin("team", active, "session-9");
        ApiTestBed.Reply busy = ownerAction("cancel", "team", active).as("alice", "alice@example.com").send();
        assertEquals(409, busy.status());
        assertEquals("meeting-in-progress", busy.code());
        assertEquals(403, ownerAction("cancel", "team", active).as("bob", "bob@example.com").send().status());
        assertEquals(404, ownerAction("cancel", "team", "20990101T000000Z-20990101T010000Z")
                .as("alice", "alice@example.com").send().status());
    }

    @Test
    void lists_carryTheServersTime_andWhenAMeetingStarted() {
        room("team", false);
        String id = meeting("team", NOW, Duration.ofMinutes(30));
        ApiTestBed.Reply before = api.request("GET /v1/rooms/{room}/meetings").path("room", "team").send();
        assertEquals(NOW.toString(), before.json().path("now").asText());
        assertTrue(before.json().path("meetings").get(0).path("startedAt").isNull());
        api.clock.advance(Duration.ofMinutes(2));
        webhookJoin("team", id, "session-1");
        ApiTestBed.Reply after = api.request("GET /v1/rooms/{room}/meetings").path("room", "team").send();
        assertEquals(NOW.plus(Duration.ofMinutes(2)).toString(),
                after.json().path("meetings").get(0).path("startedAt").asText());
    }

    @Test
    void list_readsTheRoomAndItsMeetingsInOneQuery() {
        room("team", false);
        String soon = meeting("team", NOW.plus(Duration.ofMinutes(10)), Duration.ofMinutes(30));
        meeting("team", NOW.plus(Duration.ofHours(30)), Duration.ofMinutes(30));
        api.requests.reset();
        ApiTestBed.Reply r = api.request("GET /v1/rooms/{room}/meetings").path("room", "team").send();
        assertEquals(200, r.status());
        assertEquals(java.util.Map.of("Query", 1L), api.requests.byOperation(), "one Query, no GetItem");
        assertEquals(1, r.json().path("meetings").size(), "the meeting 30 h ahead is past the list's horizon");
        assertEquals(soon, r.json().path("meetings").get(0).path("id").asText());
        api.requests.reset();
        assertEquals(404, api.request("GET /v1/rooms/{room}/meetings").path("room", "nobody-here").send().status());
        assertEquals(java.util.Map.of("Query", 1L), api.requests.byOperation());
    }

    @Test
    void endNow_isRetriedOverAConcurrentWrite_andSettledByReading_whenItsAnswerIsLost() {
        room("team", false);
        String first = meeting("team", NOW, Duration.ofMinutes(30));
        assertEquals(200, join("team", first).send().status());
        // A webhook moves the meeting between End's read and its write, twice (DynamoDB refuses the condition).
        api.faults.failBefore("UpdateItem", 2, dev.calroom.dynamodb.FaultInjector::conditionFailed);
        ApiTestBed.Reply ended = ownerAction("end", "team", first).as("alice", "alice@example.com").send();
        assertEquals(200, ended.status(), ended.raw());
        assertEquals(2, api.faults.injected());
        assertEquals(MeetingStatus.ENDED, meetings.get("team", first).orElseThrow().status());

        // The write lands but its answer times out: the record shows it was End's, and the Daily room still goes.
        String second = meeting("team", NOW.plus(Duration.ofMinutes(5)), Duration.ofMinutes(30));
        api.clock.advance(Duration.ofMinutes(5));
        assertEquals(200, join("team", second).send().status());
        api.faults.timeoutAfterLanding("UpdateItem", 1);
        ApiTestBed.Reply settled = ownerAction("end", "team", second).as("alice", "alice@example.com").send();
        assertEquals(200, settled.status(), settled.raw());
        assertEquals("ended", settled.json().path("status").asText());
        assertTrue(api.daily.deletedRooms().contains("cr_team_" + second));
    }
}
