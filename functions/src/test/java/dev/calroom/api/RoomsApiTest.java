package dev.calroom.api;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.VideoRoom;
import dev.calroom.dynamodb.DynamoMeetingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomsApiTest {

    static final String SECRET_URL = "https://calendar.example.com/calendar/ical/team%40example.com/"
            + "private-9f8e7d6c5b4a39281706f5e4d3c2b1a0/basic.ics?token=s3cr3t-query-token";

    ApiTestBed api;

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiTestBed(Instant.parse("2026-11-23T08:00:00Z"));
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    ApiTestBed.Reply create(String owner, String body) {
        return api.request("POST /v1/rooms").as(owner, owner + "@example.com").body(body).send();
    }

    @Test
    void createRoom_returnsRoomWithMaskedFeedUrl_andNeverTheSecret() {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        dev.calroom.support.Log.to(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            ApiTestBed.Reply r = create("alice", """
                    {"name":"team","isLocked":true,"ics":{"url":"%s","fetchIntervalMinutes":10,"match":"all"}}"""
                    .formatted(SECRET_URL));
            assertEquals(201, r.status());
            assertEquals("/v1/rooms/team", r.header("Location"));
            assertEquals("https://rooms.example.com/team", r.json().path("url").asText());
            assertTrue(r.json().path("isLocked").asBoolean());
            String masked = r.json().path("ics").path("url").asText();
            assertTrue(masked.startsWith("https://calendar.example.com/"), masked);
            assertEquals(10, r.json().path("ics").path("fetchIntervalMinutes").asInt());
            assertEquals("all", r.json().path("ics").path("match").asText());

            ApiTestBed.Reply again = api.request("GET /v1/rooms/{room}").path("room", "team")
                    .as("alice", "alice@example.com").send();
            ApiTestBed.Reply status = api.request("GET /v1/rooms/{room}/ics/status").path("room", "team")
                    .as("alice", "alice@example.com").send();
            for (String text : List.of(r.raw(), again.raw(), status.raw(), logs.toString(StandardCharsets.UTF_8))) {
                assertFalse(text.contains("9f8e7d6c5b4a39281706f5e4d3c2b1a0"), text);
                assertFalse(text.contains("s3cr3t-query-token"), text);
            }
        } finally {
            dev.calroom.support.Log.to(System.out);
        }
    }

    @Test
    void createRoom_refusesTakenName_with409() {
        assertEquals(201, create("alice", "{\"name\":\"team\"}").status());
        ApiTestBed.Reply r = create("bob", "{\"name\":\"team\"}");
        assertEquals(409, r.status());
        assertEquals("room-exists", r.code());
        assertEquals("application/problem+json", r.header("Content-Type"));
    }

    @Test
    void createRoom_namesTheInvalidField() {
        record Case(String body, String field) {
        }
        List<Case> cases = List.of(
                new Case("{\"name\":\"Team Room\"}", "name"),
                new Case("{\"name\":\"ab\"}", "name"),
                new Case("{}", "name"),
                new Case("{\"name\":\"team\",\"isLocked\":\"yes\"}", "isLocked"),
                new Case("{\"name\":\"team\",\"colour\":\"red\"}", "colour"),
                new Case("{\"name\":\"team\",\"ics\":{\"url\":\"https://c.example.com/a.ics\","
                        + "\"fetchIntervalMinutes\":7}}", "ics.fetchIntervalMinutes"),
                new Case("{\"name\":\"team\",\"ics\":{\"url\":\"https://c.example.com/a.ics\","
                        + "\"match\":\"fuzzy\"}}", "ics.match"),
                new Case("{\"name\":\"team\",\"ics\":{\"url\":\"https://c.example.com/a.ics\","
                        + "\"timezone\":\"Mars/Olympus\"}}", "ics.timezone"),
                new Case("{\"name\":\"team\",\"ics\":{\"url\":\"ftp://c.example.com/a.ics\"}}", "ics.url"),
                new Case("{\"name\":\"team\",\"ics\":{\"url\":\"http://169.254.169.254/latest/meta-data\"}}",
                        "ics.url"),
                new Case("{\"name\":\"team\",\"ics\":{\"url\":\"https://metadata.google.internal/x\"}}", "ics.url"),
                new Case("{\"name\":\"team\",\"ics\":{\"url\":\"https://[fe80::1]/x.ics\"}}", "ics.url"),
                new Case("{\"name\":\"team\",\"ics\":{\"url\":\"https://c.example.com/" + "a".repeat(2100)
                        + "\"}}", "ics.url"),
                new Case("{\"name\":\"team\",\"ics\":{}}", "ics.url"),
                new Case("{\"name\":\"team\"", "body"),
                new Case("[1,2]", "body"));
        for (Case c : cases) {
            ApiTestBed.Reply r = create("alice", c.body());
            assertEquals(400, r.status(), c.body());
            assertEquals("validation-failed", r.code(), c.body());
            assertEquals(c.field(), r.json().path("field").asText(), c.body());
        }
        assertEquals(404, api.request("GET /v1/rooms/{room}").path("room", "team").send().status());
    }

    @Test
    void bodiesOver64KB_areRefused() {
        String big = "{\"name\":\"team\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        ApiTestBed.Reply r = create("alice", big);
        assertEquals(400, r.status());
        assertEquals("body", r.json().path("field").asText());
        ApiTestBed.Reply b64 = api.request("POST /v1/rooms").as("alice", "a@example.com")
                .base64Body(Base64.getEncoder().encodeToString(big.getBytes(StandardCharsets.UTF_8))).send();
        assertEquals(400, b64.status());
        assertEquals("body", b64.json().path("field").asText());
    }

    @Test
    void ownerRoutes_needAValidToken() {
        ApiTestBed.Reply none = api.request("POST /v1/rooms").body("{\"name\":\"team\"}").send();
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.code());
        assertEquals("Bearer", none.header("WWW-Authenticate"));
        for (String token : List.of(api.issuer.expiredToken("alice"), api.issuer.tokenForAudience("alice", "other"),
                api.issuer.tokenFromIssuer("alice", "https://evil.example.com"), api.issuer.forgedToken("alice"),
                "not-a-jwt")) {
            ApiTestBed.Reply r = api.request("POST /v1/rooms").bearer(token).body("{\"name\":\"team\"}").send();
            assertEquals(401, r.status(), token);
        }
        ApiTestBed.Reply basic = api.request("GET /v1/rooms").header("Authorization", "Basic YTpi").send();
        assertEquals(401, basic.status());
        assertEquals(404, api.request("GET /v1/rooms/{room}").path("room", "team").send().status());
    }

    @Test
    void nonOwners_seeNoFeedSettings_andCannotChangeOrDelete() {
        create("alice", "{\"name\":\"team\",\"ics\":{\"url\":\"" + SECRET_URL + "\"}}");
        ApiTestBed.Reply anon = api.request("GET /v1/rooms/{room}").path("room", "team").send();
        assertEquals(200, anon.status());
        assertFalse(anon.json().has("ics"));
        ApiTestBed.Reply bob = api.request("GET /v1/rooms/{room}").path("room", "team")
                .as("bob", "bob@example.com").send();
        assertFalse(bob.json().has("ics"));
        ApiTestBed.Reply patch = api.request("PATCH /v1/rooms/{room}").path("room", "team")
                .as("bob", "bob@example.com").body("{\"isLocked\":true}").send();
        assertEquals(403, patch.status());
        assertEquals("forbidden", patch.code());
        ApiTestBed.Reply delete = api.request("DELETE /v1/rooms/{room}").path("room", "team")
                .as("bob", "bob@example.com").send();
        assertEquals(403, delete.status());
        assertEquals(200, api.request("GET /v1/rooms/{room}").path("room", "team").send().status());
    }

    @Test
    void listRooms_returnsOnlyTheCallersRooms() {
        create("alice", "{\"name\":\"alpha\"}");
        create("alice", "{\"name\":\"beta\"}");
        create("bob", "{\"name\":\"gamma\"}");
        ApiTestBed.Reply r = api.request("GET /v1/rooms").as("alice", "alice@example.com").send();
        assertEquals(200, r.status());
        assertEquals(2, r.json().path("rooms").size());
        assertEquals("alpha", r.json().path("rooms").get(0).path("name").asText());
        assertEquals("beta", r.json().path("rooms").get(1).path("name").asText());
    }

    @Test
    void patch_updatesOnlyTheGivenFields_andRemovesTheFeedWithNull() {
        create("alice", "{\"name\":\"team\",\"ics\":{\"url\":\"" + SECRET_URL + "\",\"fetchIntervalMinutes\":30}}");
        ApiTestBed.Reply r = api.request("PATCH /v1/rooms/{room}").path("room", "team")
                .as("alice", "alice@example.com").body("{\"isLocked\":true,\"ics\":{\"enabled\":false}}").send();
        assertEquals(200, r.status());
        assertTrue(r.json().path("isLocked").asBoolean());
        assertFalse(r.json().path("ics").path("enabled").asBoolean());
        assertEquals(30, r.json().path("ics").path("fetchIntervalMinutes").asInt());
        assertTrue(r.json().path("ics").path("sync").path("nextSyncAt").isNull());

        ApiTestBed.Reply bad = api.request("PATCH /v1/rooms/{room}").path("room", "team")
                .as("alice", "alice@example.com").body("{\"ics\":{\"fetchIntervalMinutes\":2}}").send();
        assertEquals(400, bad.status());
        assertEquals("ics.fetchIntervalMinutes", bad.json().path("field").asText());

        ApiTestBed.Reply removed = api.request("PATCH /v1/rooms/{room}").path("room", "team")
                .as("alice", "alice@example.com").body("{\"ics\":null}").send();
        assertEquals(200, removed.status());
        assertTrue(removed.json().path("ics").isNull());

        ApiTestBed.Reply noUrl = api.request("PATCH /v1/rooms/{room}").path("room", "team")
                .as("alice", "alice@example.com").body("{\"ics\":{\"enabled\":true}}").send();
        assertEquals(400, noUrl.status());
        assertEquals("ics.url", noUrl.json().path("field").asText());

        ApiTestBed.Reply added = api.request("PATCH /v1/rooms/{room}").path("room", "team")
                .as("alice", "alice@example.com").body("{\"ics\":{\"url\":\"https://c.example.com/feed.ics\"}}")
                .send();
        assertEquals(200, added.status());
        assertTrue(added.json().path("ics").path("enabled").asBoolean());
        assertEquals(5, added.json().path("ics").path("fetchIntervalMinutes").asInt());
        assertEquals("2026-11-23T08:00:00Z", added.json().path("ics").path("sync").path("nextSyncAt").asText());
    }

    @Test
    void delete_removesTheRoomAndItsMeetings_andDeletesTheirVideoRooms() {
        create("alice", "{\"name\":\"team\"}");
        DynamoMeetingStore meetings = new DynamoMeetingStore(api.db, api.table);
        Instant start = api.clock.instant().plus(Duration.ofHours(1));
        String id = new dev.calroom.domain.MeetingSlot(start, start.plus(Duration.ofMinutes(30))).id();
        Meeting m = Meeting.calendar(id, "team", "Standup", start, start.plus(Duration.ofMinutes(30)),
                Set.of("u\u001f-"), null, null, List.of());
        assertTrue(meetings.create(m));
        // A video room exists for the meeting.
        new dev.calroom.daily.DailyClient(dev.calroom.daily.DailyClient.defaultHttpClient(Duration.ofSeconds(1)),
                api.daily.baseUrl(), () -> "k", dev.calroom.daily.DailySettings.interactive())
                .createRoom("cr_team_" + id, start.plus(Duration.ofHours(2)));
        meetings.attachVideoRoom("team", id, new VideoRoom("cr_team_" + id, "https://calroom.daily.co/cr_team_" + id,
                start.plus(Duration.ofHours(2))), api.clock.instant());

        ApiTestBed.Reply r = api.request("DELETE /v1/rooms/{room}").path("room", "team")
                .as("alice", "alice@example.com").send();
        assertEquals(204, r.status());
        assertFalse(api.daily.exists("cr_team_" + id));
        assertTrue(meetings.get("team", id).isEmpty());
        assertEquals(404, api.request("GET /v1/rooms/{room}").path("room", "team").send().status());
        // The name is free again, with nothing of the old room in it.
        assertEquals(201, create("bob", "{\"name\":\"team\"}").status());
        assertEquals(0, api.request("GET /v1/rooms/{room}/meetings").path("room", "team").send().json()
                .path("meetings").size());
    }
}
