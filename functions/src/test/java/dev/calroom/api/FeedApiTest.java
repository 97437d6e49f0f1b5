package dev.calroom.api;

import dev.calroom.sync.FeedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedApiTest {

    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    ApiTestBed api;
    FeedServer feed;

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiTestBed(NOW);
        feed = new FeedServer();
        feed.serve(calendar(event("a", NOW.plus(Duration.ofHours(2)), "https://rooms.example.com/team"),
                event("b", NOW.plus(Duration.ofHours(3)), "https://rooms.example.com/team-standup"),
                event("c", NOW.plus(Duration.ofHours(4)), "https://rooms.example.com/team")));
        assertEquals(201, api.request("POST /v1/rooms").as("alice", "alice@example.com")
                .body("{\"name\":\"team\",\"ics\":{\"url\":\"" + feed.url() + "\"}}").send().status());
    }

    @AfterEach
    void tearDown() throws Exception {
        feed.close();
        api.close();
    }

    static String calendar(String... events) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calroom//test//EN\r\n" + String.join("", events)
                + "END:VCALENDAR\r\n";
    }

    static String event(String uid, Instant start, String location) {
        return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTART:" + UTC.format(start) + "\r\nDTEND:"
                + UTC.format(start.plus(Duration.ofMinutes(30))) + "\r\nSUMMARY:Meeting " + uid + "\r\nLOCATION:"
                + location + "\r\nEND:VEVENT\r\n";
    }

    ApiTestBed.Reply sync() {
        return api.request("POST /v1/rooms/{room}/ics/sync").path("room", "team").as("alice", "alice@example.com")
                .send();
    }

    @Test
    void aLockedRoom_admitsAnInviteeOnEitherCopyOfABooking_andOneAddedLater() {
        assertEquals(200, api.request("PATCH /v1/rooms/{room}").path("room", "team").as("alice", "alice@example.com")
                .body("{\"isLocked\":true}").send().status());
        Instant start = NOW.plus(Duration.ofMinutes(1));
        String calcom = event("bk-1@cal.com", start, "https://rooms.example.com/team")
                .replace("END:VEVENT", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:grace@example.com\r\nEND:VEVENT");
        String google = event("6f3a@google.com", start, "https://rooms.example.com/team")
                .replace("END:VEVENT", "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:ada@example.com\r\nEND:VEVENT");
        feed.serve(calendar(calcom, google));
        assertEquals(200, sync().status());
        String id = api.request("GET /v1/rooms/{room}/meetings").path("room", "team").send().json().path("meetings")
                .get(0).path("id").asText();
        api.clock.advance(Duration.ofMinutes(2));
        for (String invitee : new String[] {"grace", "ada"}) {
            ApiTestBed.Reply r = api.request("POST /v1/rooms/{room}/meetings/{meetingId}/join").path("room", "team")
                    .path("meetingId", id).as(invitee, invitee + "@example.com").send();
            assertEquals(200, r.status(), invitee + ", invited on one copy only: " + r.raw());
        }
        ApiTestBed.Reply linus = api.request("POST /v1/rooms/{room}/meetings/{meetingId}/join").path("room", "team")
                .path("meetingId", id).as("linus", "linus@example.com").send();
        assertEquals(403, linus.status());
        // The organiser adds Linus to the booking; the next sync invites him.
        feed.serve(calendar(calcom.replace("END:VEVENT", "ATTENDEE:mailto:linus@example.com\r\nEND:VEVENT"),
                google));
        api.clock.advance(Duration.ofSeconds(31));
        assertEquals(200, sync().status());
        assertEquals(200, api.request("POST /v1/rooms/{room}/meetings/{meetingId}/join").path("room", "team")
                .path("meetingId", id).as("linus", "linus@example.com").send().status());
    }

    @Test
    void syncNow_syncsAtOnce_andIsThrottledTo1Per30Seconds() {
        ApiTestBed.Reply first = sync();
        assertEquals(200, first.status(), first.raw());
        assertEquals("synced", first.json().path("status").asText());
        assertEquals(2, first.json().path("counts").path("matched").asInt());
        assertEquals(2, first.json().path("counts").path("meetingsCreated").asInt());

        api.clock.advance(Duration.ofSeconds(10));
        ApiTestBed.Reply throttled = sync();
        assertEquals(429, throttled.status());
        assertEquals("rate-limited", throttled.code());
        assertEquals("20", throttled.header("Retry-After"));

        api.clock.advance(Duration.ofSeconds(21));
        ApiTestBed.Reply again = sync();
        assertEquals(200, again.status());
        assertEquals("unchanged", again.json().path("status").asText());

        ApiTestBed.Reply status = api.request("GET /v1/rooms/{room}/ics/status").path("room", "team")
                .as("alice", "alice@example.com").send();
        assertEquals(200, status.status());
        assertEquals(2, status.json().path("upcomingEvents").asInt());
        assertEquals("unchanged", status.json().path("sync").path("status").asText());
        assertEquals("2026-11-23T08:05:31Z", status.json().path("sync").path("nextSyncAt").asText());
        assertFalse(status.raw().contains(feed.url()));
    }

    @Test
    void syncNow_reportsAFailedFetch_andKeepsTheMeetings() {
        assertEquals("synced", sync().json().path("status").asText());
        feed.mode(FeedServer.Mode.ERROR_500);
        api.clock.advance(Duration.ofSeconds(31));
        ApiTestBed.Reply r = sync();
        assertEquals(200, r.status());
        assertEquals("error", r.json().path("status").asText());
        assertTrue(r.json().path("error").asText().contains("500"), r.raw());
        assertEquals(2, api.request("GET /v1/rooms/{room}/meetings").path("room", "team").send().json()
                .path("meetings").size());
    }

    @Test
    void feedRoutes_areForTheOwnerOnly() {
        assertEquals(401, api.request("POST /v1/rooms/{room}/ics/sync").path("room", "team").send().status());
        assertEquals(403, api.request("POST /v1/rooms/{room}/ics/sync").path("room", "team")
                .as("bob", "bob@example.com").send().status());
        assertEquals(403, api.request("GET /v1/rooms/{room}/ics/status").path("room", "team")
                .as("bob", "bob@example.com").send().status());
        assertEquals(403, api.request("POST /v1/rooms/{room}/ics/test").path("room", "team")
                .as("bob", "bob@example.com").send().status());
    }

    @Test
    void testFeed_readsWithoutStoring_andExplainsFailures() {
        ApiTestBed.Reply r = api.request("POST /v1/rooms/{room}/ics/test").path("room", "team")
                .as("alice", "alice@example.com").send();
        assertEquals(200, r.status(), r.raw());
        assertTrue(r.json().path("ok").asBoolean());
        assertEquals(3, r.json().path("eventsInFeed").asInt());
        assertEquals(2, r.json().path("matching").asInt());
        assertEquals("Meeting a", r.json().path("samples").get(0).path("title").asText());
        assertEquals(0, api.request("GET /v1/rooms/{room}/meetings").path("room", "team").send().json()
                .path("meetings").size(), "a test stores nothing");

        feed.serve("<html>Sign in</html>");
        ApiTestBed.Reply broken = api.request("POST /v1/rooms/{room}/ics/test").path("room", "team")
                .as("alice", "alice@example.com").body("{\"url\":\"" + feed.url() + "\"}").send();
        assertEquals(200, broken.status());
        assertFalse(broken.json().path("ok").asBoolean());
        assertFalse(broken.json().path("error").asText().isEmpty());

        ApiTestBed.Reply refused = api.request("POST /v1/rooms/{room}/ics/test").path("room", "team")
                .as("alice", "alice@example.com").body("{\"url\":\"http://169.254.169.254/latest\"}").send();
        assertEquals(400, refused.status());
        assertEquals("url", refused.json().path("field").asText());
    }
}
