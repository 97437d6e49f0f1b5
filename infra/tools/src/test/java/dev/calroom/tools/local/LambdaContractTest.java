package dev.calroom.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calroom.webhooks.WebhookSignature;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every handler template.yaml names, invoked through AWS's Lambda runtime interface client (in its own JVM, with the
 * runtime's own event deserialization) with the JSON its trigger sends, as AWS documents it: API Gateway HTTP API
 * payload format 2.0 (with and without a body, base64 bodies, cookies, headers and query keys repeated and joined
 * with commas, stage variables, a JWT authorizer context, a body larger than the API takes) and EventBridge
 * Scheduler's default payload (detail as the string "{}") and one with an Input. A handler built for an event
 * object Java code makes, and not for this JSON, fails here as it would on AWS.
 */
class LambdaContractTest {

    static LocalStack stack;
    static final ObjectMapper JSON = new ObjectMapper();
    static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    static String token;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!root.resolve("template.yaml").toFile().exists()) {
            root = root.getParent();
        }
        stack = new LocalStack(new LocalStack.Options(0, true, false, Files.createTempDirectory("calroom-contract"),
                root.resolve("template.yaml")), new PrintStream(LOG, true, StandardCharsets.UTF_8)).start();
        token = stack.issuer().token("carol", "carol@example.com", "Carol");
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
        Files.write(Path.of("target", "lambda-contract-test.log"), LOG.toByteArray());
    }

    /** A payload 2.0 event as API Gateway sends it (the shape of AWS's documented example). */
    static String httpEvent(String method, String routeKey, String rawPath, String rawQuery, String headers,
                            String extra) {
        return """
                {
                  "version": "2.0",
                  "routeKey": "%s",
                  "rawPath": "%s",
                  "rawQueryString": "%s",
                  "headers": {%s},
                  "requestContext": {
                    "accountId": "123456789012",
                    "apiId": "r3pmxmplak",
                    "domainName": "r3pmxmplak.execute-api.us-east-1.amazonaws.com",
                    "domainPrefix": "r3pmxmplak",
                    "http": {"method": "%s", "path": "%s", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.9",
                             "userAgent": "curl/8.5.0"},
                    "requestId": "JKJaXmPLvHcESHA=",
                    "routeKey": "%s",
                    "stage": "$default",
                    "time": "24/Nov/2026:08:00:00 +0000",
                    "timeEpoch": 1795507200000
                  }%s
                }
                """.formatted(routeKey, rawPath, rawQuery, headers, method, rawPath, routeKey, extra);
    }

    static JsonNode invoke(String function, String event) throws Exception {
        LocalFunction.Result r = stack.invokeWith(function, event.getBytes(StandardCharsets.UTF_8));
        assertEquals(LocalFunction.Kind.RESULT, r.kind(), function + ": " + new String(r.body(), StandardCharsets.UTF_8));
        return JSON.readTree(r.body());
    }

    @Test
    void apiFunction_getWithoutBody_answersPayload2Response() throws Exception {
        JsonNode r = invoke("MeetingsFunction", httpEvent("GET", "GET /v1/rooms/{room}/meetings",
                "/v1/rooms/nobody-here/meetings", "", "\"accept\": \"application/json\", \"host\": \"api.example\"",
                ", \"pathParameters\": {\"room\": \"nobody-here\"}, \"isBase64Encoded\": false"));
        assertEquals(404, r.path("statusCode").asInt());
        assertEquals("application/problem+json", r.path("headers").path("Content-Type").asText());
        assertEquals("room-not-found", JSON.readTree(r.path("body").asText()).path("code").asText());
    }

    @Test
    void webFunction_answersThePageAndItsAssets_underTheRuntimeClient() throws Exception {
        JsonNode page = invoke("WebFunction", httpEvent("GET", "GET /{room}", "/demo", "",
                "\"accept\": \"text/html\", \"host\": \"api.example\"",
                ", \"pathParameters\": {\"room\": \"demo\"}, \"isBase64Encoded\": false"));
        assertEquals(200, page.path("statusCode").asInt(), page.toString());
        assertEquals("text/html; charset=utf-8", page.path("headers").path("Content-Type").asText());
        assertTrue(page.path("headers").path("Content-Security-Policy").asText().startsWith("default-src 'none'"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/assets/([0-9a-f]{16})/app\\.js")
                .matcher(page.path("body").asText());
        assertTrue(m.find(), "the document names its versioned script");
        JsonNode script = invoke("WebFunction", httpEvent("GET", "GET /assets/{version}/{file}",
                "/assets/" + m.group(1) + "/app.js", "", "\"accept\": \"*/*\"",
                ", \"pathParameters\": {\"version\": \"" + m.group(1) + "\", \"file\": \"app.js\"},"
                        + " \"isBase64Encoded\": false"));
        assertEquals(200, script.path("statusCode").asInt());
        assertEquals("public, max-age=31536000, immutable", script.path("headers").path("Cache-Control").asText());
        JsonNode end = invoke("MeetingsFunction", httpEvent("POST", "POST /v1/rooms/{room}/meetings/{meetingId}/end",
                "/v1/rooms/demo/meetings/m-1/end", "", "\"content-type\": \"application/json\"",
                ", \"pathParameters\": {\"room\": \"demo\", \"meetingId\": \"m-1\"}, \"isBase64Encoded\": false"));
        assertEquals(401, end.path("statusCode").asInt(), "End is for the owner: " + end);
    }

    @Test
    void apiFunction_postWithJsonBody_cookies_stageVariables_andJwtAuthorizerContext() throws Exception {
        String event = httpEvent("POST", "POST /v1/rooms", "/v1/rooms", "",
                "\"authorization\": \"Bearer " + token + "\", \"content-type\": \"application/json\","
                        + " \"x-forwarded-for\": \"203.0.113.9,198.51.100.1\"",
                ", \"cookies\": [\"session=abc\", \"theme=dark\"], \"stageVariables\": {\"stage\": \"prod\"},"
                        + " \"body\": \"{\\\"name\\\":\\\"contract-room\\\"}\", \"isBase64Encoded\": false")
                .replace("\"stage\": \"$default\",", "\"stage\": \"$default\", \"authorizer\": {\"jwt\": {\"claims\":"
                        + " {\"sub\": \"carol\", \"email_verified\": \"true\"}, \"scopes\": null}},");
        JsonNode r = invoke("RoomsFunction", event);
        assertEquals(201, r.path("statusCode").asInt(), r.toString());
        assertEquals("contract-room", JSON.readTree(r.path("body").asText()).path("name").asText());
    }

    @Test
    void apiFunction_base64Body_isDecoded() throws Exception {
        String body = Base64.getEncoder().encodeToString("{\"name\":\"b64-room\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode r = invoke("RoomsFunction", httpEvent("POST", "POST /v1/rooms", "/v1/rooms", "",
                "\"authorization\": \"Bearer " + token + "\", \"content-type\": \"application/octet-stream\"",
                ", \"body\": \"" + body + "\", \"isBase64Encoded\": true"));
        assertEquals(201, r.path("statusCode").asInt(), r.toString());
    }

    @Test
    void apiFunction_repeatedQueryKeys_arriveJoinedWithCommas_andAreRefusedAsSuch() throws Exception {
        JsonNode r = invoke("MeetingsFunction", httpEvent("GET", "GET /v1/rooms/{room}/meetings/upcoming",
                "/v1/rooms/contract-room/meetings/upcoming", "minutes=30&minutes=40",
                "\"accept\": \"application/json,text/plain\"",
                ", \"queryStringParameters\": {\"minutes\": \"30,40\"}, \"pathParameters\": {\"room\":"
                        + " \"contract-room\"}, \"isBase64Encoded\": false"));
        assertTrue(r.path("statusCode").asInt() == 400 || r.path("statusCode").asInt() == 404, r.toString());
        assertTrue(r.path("headers").path("Content-Type").asText().equals("application/problem+json"));
    }

    @Test
    void apiFunction_veryLargeBody_isAProblemNotAFailure() throws Exception {
        String big = "x".repeat(1 << 20);
        JsonNode r = invoke("RoomsFunction", httpEvent("POST", "POST /v1/rooms", "/v1/rooms", "",
                "\"authorization\": \"Bearer " + token + "\", \"content-type\": \"application/json\"",
                ", \"body\": \"{\\\"name\\\":\\\"" + big + "\\\"}\", \"isBase64Encoded\": false"));
        assertEquals(400, r.path("statusCode").asInt());
        assertTrue(r.path("body").asText().contains("64 KB"));
    }

    @Test
    void scheduledFunctions_acceptSchedulersDefaultPayload() throws Exception {
        String payload = Files.readString(locate("infra/events/scheduled-sync.json"));
        assertTrue(payload.contains("\"detail\": \"{}\""), "the default payload's detail is a JSON string");
        JsonNode sync = invoke("IcsSyncFunction", payload);
        assertTrue(sync.has("due") && sync.has("leftForNextRun"), sync.toString());
        JsonNode lifecycle = invoke("MeetingLifecycleFunction",
                Files.readString(locate("infra/events/scheduled-lifecycle.json")));
        assertTrue(lifecycle.has("due"), lifecycle.toString());
    }

    @Test
    void workerFunctions_readTheSqsEvent_andAnswerAPartialBatchResponse() throws Exception {
        String sample = Files.readString(locate("infra/events/sync-worker-sqs.json"));
        JsonNode ok = invoke("SyncWorkerFunction", sample);
        assertEquals("{\"batchItemFailures\":[]}", ok.toString(), "a room that is gone is done with");
        String poison = sample.replace("\"body\": \"{", "\"body\": \"x{");
        JsonNode failed = invoke("SyncWorkerFunction", poison);
        assertEquals("059f36b4-87a3-44ab-83d2-661975830a7d",
                failed.path("batchItemFailures").get(0).path("itemIdentifier").asText());
        String lifecycle = sample.replace("\\\"dueAt\\\":\\\"2026-11-24T08:00:00Z\\\",\\\"dispatchedFor\\\"",
                "\\\"meetingId\\\":\\\"20261124T0800Z-20261124T0830Z\\\",\\\"mark\\\"");
        assertTrue(lifecycle.contains("meetingId"), lifecycle);
        assertEquals("{\"batchItemFailures\":[]}", invoke("MeetingLifecycleWorkerFunction", lifecycle).toString(),
                "a meeting that is not due is not claimed, and that is no failure");
    }

    @Test
    void scheduledFunctions_acceptAnInputPayload_andOneThatIsNoObject() throws Exception {
        assertTrue(invoke("IcsSyncFunction", "{\"reason\": \"backfill\", \"detail\": {\"rooms\": 3}}").has("due"));
        assertTrue(invoke("MeetingLifecycleFunction", "\"tick\"").has("due"));
        assertTrue(invoke("IcsSyncFunction", "{}").has("due"));
    }

    @Test
    void webhookFunction_readsItsSecretByArn_acceptsSignedDeliveries_andRefusesBadSignatures() throws Exception {
        String secret = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                stack.baseUrl() + "/_local/config")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("dailyWebhookSecret").asText();
        String body = "{\"version\":\"1.0.0\",\"type\":\"participant.joined\",\"id\":\"ptcpt-join-contract\","
                + "\"payload\":{\"room\":\"cr_nowhere_x\",\"session_id\":\"s1\",\"joined_at\":1795507200},"
                + "\"event_ts\":" + Instant.now().getEpochSecond() + "}";
        String ts = Long.toString(Instant.now().getEpochSecond());
        String signature = new WebhookSignature(secret).sign(ts, body.getBytes(StandardCharsets.UTF_8));
        String escaped = body.replace("\"", "\\\"");
        JsonNode ok = invoke("DailyWebhookFunction", httpEvent("POST", "POST /v1/webhooks/daily",
                "/v1/webhooks/daily", "", "\"content-type\": \"application/json\", \"x-webhook-signature\": \""
                        + signature + "\", \"x-webhook-timestamp\": \"" + ts + "\"",
                ", \"body\": \"" + escaped + "\", \"isBase64Encoded\": false"));
        assertEquals(200, ok.path("statusCode").asInt(), ok.toString());
        JsonNode bad = invoke("DailyWebhookFunction", httpEvent("POST", "POST /v1/webhooks/daily",
                "/v1/webhooks/daily", "", "\"content-type\": \"application/json\", \"x-webhook-signature\": \""
                        + "AAAA" + signature.substring(4) + "\", \"x-webhook-timestamp\": \"" + ts + "\"",
                ", \"body\": \"" + escaped + "\", \"isBase64Encoded\": false"));
        assertEquals(401, bad.path("statusCode").asInt(), bad.toString());
    }

    @Test
    void unknownRoutes_answerProblemJson404_throughTheDefaultRoute() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.baseUrl()
                + "/v2/nothing/here")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("not-found", JSON.readTree(r.body()).path("code").asText());
    }

    @Test
    void aFunctionSeesOnlyItsOwnTemplateEnvironment_andSecretsOnlyByArn() {
        var feed = stack.environmentOf("FeedFunction");
        var webhook = stack.environmentOf("DailyWebhookFunction");
        assertTrue(webhook.containsKey("DAILY_WEBHOOK_SECRET_ARN"));
        assertTrue(!webhook.containsKey("OIDC_ISSUER") && !webhook.containsKey("DAILY_API_KEY_SECRET_ARN"),
                "the webhook function is given nothing it does not read");
        assertTrue(feed.get("DAILY_API_KEY_SECRET_ARN").startsWith("arn:aws:secretsmanager:"));
        assertTrue(feed.keySet().stream().noneMatch(k -> k.equals("DAILY_API_KEY") || k.equals("DAILY_WEBHOOK_SECRET")),
                "no secret value in any environment");
        assertTrue(feed.get("AWS_ENDPOINT_URL_DYNAMODB").startsWith("http://127.0.0.1:"));
    }

    @Test
    void everyLocalService_listensOnLoopbackOnly() throws Exception {
        LocalFunctionTest.assertLoopbackOnly(URI.create(stack.dynamoUrl()).getPort());
        LocalFunctionTest.assertLoopbackOnly(URI.create(stack.baseUrl()).getPort());
        LocalFunctionTest.assertLoopbackOnly(stack.dailyEmulator().baseUrl().getPort());
        LocalFunctionTest.assertLoopbackOnly(URI.create(stack.environmentOf("FeedFunction")
                .get("AWS_ENDPOINT_URL_SECRETS_MANAGER")).getPort());
    }

    static Path locate(String relative) {
        Path root = Path.of("").toAbsolutePath();
        while (!root.resolve("template.yaml").toFile().exists()) {
            root = root.getParent();
        }
        return root.resolve(relative);
    }
}
