package dev.calroom.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local stack over real HTTP: template routes, schedules on demand, the emulator's webhooks, dev tokens. */
class LocalStackTest {

    static LocalStack stack;
    static Path dataDir;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!root.resolve("template.yaml").toFile().exists()) {
            root = root.getParent();
        }
        dataDir = java.nio.file.Files.createTempDirectory("calroom-local-test");
        stack = new LocalStack(new LocalStack.Options(0, true, true, dataDir, root.resolve("template.yaml")),
                new PrintStream(LOG, true, StandardCharsets.UTF_8)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
        // The stack's own log and its functions' log lines, for a failed run.
        java.nio.file.Files.write(Path.of("target", "local-stack-test.log"), LOG.toByteArray());
    }

    record Reply(int status, JsonNode json, String raw) {
    }

    static Reply call(String method, String path, String token, String body) throws Exception {
        return call(stack.baseUrl(), method, path, token, body);
    }

    static Reply call(String base, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
        return new Reply(r.statusCode(), json, r.body());
    }

    @Test
    void localEndpoints_answer() throws Exception {
        assertEquals("ok", call("GET", "/_local/health", null, null).json().path("status").asText());
        JsonNode config = call("GET", "/_local/config", null, null).json();
        assertEquals(stack.baseUrl(), config.path("apiBaseUrl").asText());
        assertFalse(config.path("dailyWebhookSecret").asText().isEmpty());
        assertEquals(DevIssuer.ISSUER, config.path("issuer").asText());
        assertEquals(404, call("GET", "/v1/nowhere", null, null).status());
        assertEquals("not-found", call("GET", "/v1/nowhere", null, null).json().path("code").asText());
    }

    @Test
    void theDemoRoom_listsItsMeetings_withTheAggregatedDuplicateOnce() throws Exception {
        JsonNode meetings = call("GET", "/v1/rooms/demo/meetings", null, null).json().path("meetings");
        assertEquals(3, meetings.size(), meetings.toString());
        assertFalse(meetings.toString().contains("attendees"), "non-owners see no attendees");
    }

    @Test
    void aDevToken_createsARoom_andAJoinGetsAnEmulatedDailyRoom_whosePresenceReachesTheMeeting() throws Exception {
        String token = call("POST", "/_local/token", null, "{\"sub\":\"alice\",\"email\":\"alice@example.com\"}")
                .json().path("token").asText();
        Reply created = call("POST", "/v1/rooms", token, "{\"name\":\"alice-room\"}");
        assertEquals(201, created.status(), created.raw());
        Reply meeting = call("POST", "/v1/rooms/alice-room/meetings", token, "{\"title\":\"Now\"}");
        assertEquals(201, meeting.status());
        String id = meeting.json().path("id").asText();
        Reply join = call("POST", "/v1/rooms/alice-room/meetings/" + id + "/join", null, "{\"displayName\":\"Ada\"}");
        assertEquals(200, join.status(), join.raw());
        String roomUrl = join.json().path("roomUrl").asText();
        String videoRoom = roomUrl.substring(roomUrl.lastIndexOf('/') + 1);
        assertEquals("cr_alice-room_" + id, videoRoom, "room URLs end with the room name, as Daily's do");
        String dailyBase = call("GET", "/_local/config", null, null).json().path("dailyApiUrl").asText()
                .replace("/v1", "");
        Reply entered = call(dailyBase, "POST", "/_emulator/rooms/" + videoRoom + "/join", null,
                "{\"userName\":\"Ada\"}");
        assertEquals(200, entered.status());
        JsonNode after = call("GET", "/v1/rooms/alice-room/meetings/" + id, null, null).json();
        assertEquals(1, after.path("participantCount").asInt());
        assertEquals("active", after.path("status").asText());

        Reply left = call(dailyBase, "POST", "/_emulator/rooms/" + videoRoom + "/leave", null,
                "{\"sessionId\":\"" + entered.json().path("sessionId").asText() + "\"}");
        assertEquals(200, left.status());
        Instant now = Instant.parse(call("POST", "/_local/clock", null, "{\"advance\":\"PT16M\"}").json()
                .path("now").asText());
        assertTrue(now.isAfter(Instant.now().plusSeconds(15 * 60)));
        Reply run = call("POST", "/_local/invoke/MeetingLifecycleFunction", null, null);
        assertEquals(200, run.status(), run.raw());
        assertEquals("ended", call("GET", "/v1/rooms/alice-room/meetings/" + id, null, null).json()
                .path("status").asText());
        call("POST", "/_local/clock", null, "{\"reset\":true}");
        assertTrue(LOG.toString(StandardCharsets.UTF_8).contains("POST /v1/rooms 201"), "one line per request");
    }

    @Test
    void theTokenCommand_signsWithTheKeyTheStackTrusts() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = dev.calroom.tools.Calroom.run(new String[] {"token", "--sub", "carol", "--email",
                "carol@example.com", "--data-dir", dataDir.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        String token = printed.toString(StandardCharsets.UTF_8).trim();
        Reply rooms = call("GET", "/v1/rooms", token, null);
        assertEquals(200, rooms.status(), rooms.raw());
        assertEquals(401, call("GET", "/v1/rooms", token + "x", null).status());
        assertEquals(2, dev.calroom.tools.Calroom.run(new String[] {"token"}, new PrintStream(printed),
                new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void queryStrings_andBinaryBodies_reachTheHandlerAsApiGatewayPassesThem() throws Exception {
        Reply upcoming = call("GET", "/v1/rooms/demo/meetings/upcoming?minutes=90", null, null);
        assertEquals(200, upcoming.status());
        assertTrue(upcoming.json().path("meetings").size() >= 2, upcoming.raw());
        Reply bad = call("GET", "/v1/rooms/demo/meetings/upcoming?minutes=abc", null, null);
        assertEquals(400, bad.status());
        assertEquals("minutes", bad.json().path("field").asText());
        // A body of a non-text type arrives base64-encoded with the flag set, and the handler decodes it.
        String token = stack.issuer().token("dora", "dora@example.com", null);
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/v1/rooms"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"dora-room\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
    }

    @Test
    void scheduledFunctions_canBeInvokedByLogicalId() throws Exception {
        Reply sync = call("POST", "/_local/invoke/IcsSyncFunction", null, null);
        assertEquals(200, sync.status());
        assertTrue(sync.json().has("due"));
        assertEquals(404, call("POST", "/_local/invoke/NoSuchFunction", null, null).status());
    }

    @Test
    void manyDueRooms_goThroughTheSyncQueue_toTheWorker_andAreSynced() throws Exception {
        var db = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(URI.create(stack.dynamoUrl()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .build();
        var rooms = new dev.calroom.dynamodb.DynamoRoomStore(db, LocalStack.TABLE);
        java.time.Instant due = java.time.Instant.now().minus(java.time.Duration.ofHours(1));
        String feed = stack.baseUrl() + "/_local/feeds/demo.ics";
        int n = 30;
        for (int i = 0; i < n; i++) {
            assertTrue(rooms.create(new dev.calroom.domain.Room("fanout-" + i, "owner", false, due,
                    new dev.calroom.domain.IcsConfig(feed, true, 5, dev.calroom.domain.MatchMode.ALL, null,
                            dev.calroom.domain.MeetingKeyMode.SLOT), dev.calroom.domain.SyncState.never(due))));
        }
        long deletedBefore = stack.eventSourceCounts("SyncQueue")[1];
        // More rooms due than SyncInlineMaxRooms (20): the dispatcher queues them (unless the every-minute
        // schedule got there first, which queues them the same way).
        Reply dispatch = call("POST", "/_local/invoke/IcsSyncFunction", null, null);
        assertEquals(200, dispatch.status(), dispatch.raw());
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        int synced = 0;
        while (System.nanoTime() < deadline) {
            synced = 0;
            for (int i = 0; i < n; i++) {
                var st = rooms.get("fanout-" + i).orElseThrow().sync().status();
                synced += st == dev.calroom.domain.SyncStatus.SYNCED ? 1 : 0;
            }
            if (synced == n) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(n, synced, "every room synced by the worker");
        assertTrue(stack.eventSourceCounts("SyncQueue")[1] - deletedBefore >= n,
                "the worker's event source deleted their messages");
        assertEquals(0, stack.visibleMessages("SyncDeadLetterQueue"));
        db.close();
    }

    @Test
    void coldStart_letsTheFunctionsEnvironmentsGo_andServesTheRequestFromAFreshOne() throws Exception {
        assertEquals(200, call("GET", "/v1/rooms/demo/meetings", null, null).status());
        int started = stack.coldStartsOf("MeetingsFunction");

        ColdStart cold = stack.coldStart("MeetingsFunction", "GET", "/v1/rooms/demo/meetings", java.util.Map.of());

        assertEquals(200, cold.status());
        assertEquals(started + 1, stack.coldStartsOf("MeetingsFunction"), "one fresh environment");
        assertTrue(cold.initMillis() > 0 && cold.totalMillis() >= cold.initMillis(), cold.toString());
        // The next request finds that environment warm.
        assertEquals(200, call("GET", "/v1/rooms/demo/meetings", null, null).status());
        assertEquals(started + 1, stack.coldStartsOf("MeetingsFunction"));
    }

    @Test
    void coldStartOf_runsAHandlerOutsideTheTemplate_asTheTemplatesFunctionsRun() throws Exception {
        ColdStart cold = stack.coldStartOf("dev.calroom.tools.bench.MinimalHandler::handleRequest",
                Path.of("target", "classes").toAbsolutePath(), "GET", "/anything");

        assertEquals(200, cold.status());
        assertTrue(cold.initMillis() > 0 && cold.totalMillis() >= cold.initMillis(), cold.toString());
    }

    @Test
    void aRuntimeClientProcess_initsTheHandler_thenServesTheGatewaysEvent() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!root.resolve("template.yaml").toFile().exists()) {
            root = root.getParent();
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (RuntimeClientProcess fn = RuntimeClientProcess.start(javaBin, java.util.List.of("-XX:TieredStopAtLevel=1"),
                java.util.List.of(root.resolve("functions/target/calroom-functions-0.1.0-SNAPSHOT-lambda.jar"),
                        Path.of("target", "classes").toAbsolutePath()), RuntimeClientProcess.RUNTIME_CLIENT,
                java.util.List.of("dev.calroom.tools.bench.MinimalHandler::handleRequest"),
                "dev.calroom.tools.bench.MinimalHandler::handleRequest", java.util.Map.of())) {
            fn.awaitInit(java.time.Duration.ofSeconds(20));

            LocalStack.GatewayResponse r = fn.invoke("GET", "$default", "/x", java.util.Map.of(), java.util.Map.of(),
                    null, java.time.Duration.ofSeconds(20));

            assertEquals(200, r.status());
            assertEquals("{\"meetings\":[]}", r.body());
            assertEquals("application/json", r.headers().get("Content-Type"));
        }
    }

    @Test
    void gateway_choosesTheMostSpecificRoute_asApiGatewayDoes() throws Exception {
        // GET /v1/rooms matches both "GET /v1/rooms" and the pages' "GET /{room}/{meetingId}": the literal wins.
        Reply rooms = call("GET", "/v1/rooms", null, null);
        assertEquals(401, rooms.status(), rooms.raw());
        assertEquals("unauthorized", rooms.json().path("code").asText());
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script type=\"importmap\">"));
        assertEquals(200, call("GET", "/config.json", null, null).status());
        HttpResponse<String> assets = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl()
                + "/assets/whatever/app.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, assets.statusCode());
        assertTrue(assets.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    }
}
