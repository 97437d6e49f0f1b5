package dev.calroom.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every malformed body, header, token and path sent to every route: the answer is a 4xx problem+json with a stable
 * code (or the route's ordinary answer where it reads none of the input), never a 500. Replies are also checked
 * against infra/openapi.yaml by the test bed.
 */
class HostileRequestsTest {

    private static final Set<String> CODES = Set.of("validation-failed", "unauthorized", "forbidden", "not-invited",
            "room-not-found", "meeting-not-found", "room-exists", "meeting-not-started", "meeting-ended",
            "sync-in-progress", "rate-limited", "payload-too-large", "identity-provider-unavailable",
            "idempotency-key-reused");

    private static ApiTestBed bed;
    private static String meetingId;

    @BeforeAll
    static void setUp() throws Exception {
        bed = new ApiTestBed(Instant.parse("2026-11-23T09:00:00Z"), Map.of("ADHOC_ANON_LIMIT_PER_ROOM", "1000",
                "ADHOC_ANON_LIMIT_PER_CALLER", "1000"));
        assertEquals(201, bed.request("POST /v1/rooms").as("alice", "alice@example.com")
                .body("{\"name\":\"hostile\"}").send().status());
        ApiTestBed.Reply m = bed.request("POST /v1/rooms/{room}/meetings").path("room", "hostile")
                .as("alice", "alice@example.com").body("{\"title\":\"t\"}").send();
        assertEquals(201, m.status());
        meetingId = m.json().path("id").asText();
    }

    @AfterAll
    static void tearDown() {
        bed.close();
    }

    /** A hostile variation of a well-formed request. */
    private record Variant(String name, UnaryOperator<ApiTestBed.Request> apply) {
    }

    private static String deepArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String deepObjects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static List<Variant> variants() {
        List<Variant> v = new ArrayList<>();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("arrays nested 5000 deep", deepArrays(5000));
        bodies.put("objects nested 1500 deep", deepObjects(1500));
        bodies.put("title nested deep", "{\"title\":" + deepArrays(3000) + "}");
        bodies.put("a 1 MB string", "{\"title\":\"" + "x".repeat(1 << 20) + "\"}");
        bodies.put("a number of 5000 digits", "{\"title\":" + "9".repeat(5000) + "}");
        bodies.put("1e999999", "{\"isLocked\":1e999999}");
        bodies.put("a bare array", "[]");
        bodies.put("a bare string", "\"hello\"");
        bodies.put("null", "null");
        bodies.put("true", "true");
        bodies.put("an unclosed object", "{");
        bodies.put("a trailing comma", "{\"title\":\"a\",}");
        bodies.put("NaN", "{\"title\":NaN}");
        bodies.put("a lone surrogate", "{\"title\":\"\\ud800\"}");
        bodies.put("a NUL in a string", "{\"title\":\"a\\u0000b\",\"name\":\"a\\u0000b\"}");
        bodies.put("wrong types", "{\"name\":123,\"title\":[],\"isLocked\":\"yes\",\"ics\":\"x\",\"displayName\":{}}");
        bodies.put("duplicate keys", "{\"title\":\"a\",\"title\":\"b\"}");
        bodies.put("a control character", "{\"title\":\"a\u0001\"}");
        for (Map.Entry<String, String> b : bodies.entrySet()) {
            v.add(new Variant("body: " + b.getKey(), r -> r.body(b.getValue())));
        }
        v.add(new Variant("body: invalid UTF-8", r -> r.base64Body(Base64.getEncoder().encodeToString(
                new byte[] {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}))));
        v.add(new Variant("body: UTF-16 with a BOM", r -> r.base64Body(Base64.getEncoder().encodeToString(
                "\uFEFF{\"title\":\"a\"}".getBytes(StandardCharsets.UTF_16)))));
        v.add(new Variant("body: not base64", r -> r.base64Body("%%% not base64 %%%")));
        v.add(new Variant("header: 16 KB Authorization", r -> r.header("authorization", "Bearer " + "a".repeat(16_384))));
        v.add(new Variant("header: Basic auth", r -> r.header("authorization", "Basic YWxpY2U6c2VjcmV0")));
        v.add(new Variant("header: empty Bearer", r -> r.header("authorization", "Bearer ")));
        v.add(new Variant("header: three dots", r -> r.header("authorization", "Bearer a.b.c")));
        v.add(new Variant("header: alg none", r -> r.header("authorization", "Bearer "
                + b64("{\"alg\":\"none\"}") + "." + b64("{\"sub\":\"alice\"}") + ".")));
        v.add(new Variant("header: unknown key id", r -> r.bearer(bed.issuer.unknownKeyToken("alice"))));
        v.add(new Variant("header: forged signature", r -> r.bearer(bed.issuer.forgedToken("alice"))));
        v.add(new Variant("header: expired token", r -> r.bearer(bed.issuer.expiredToken("alice"))));
        v.add(new Variant("header: 8 KB Idempotency-Key", r -> r.header("idempotency-key", "k".repeat(8192))));
        v.add(new Variant("header: Idempotency-Key with control characters",
                r -> r.header("idempotency-key", "a\u0001b")));
        v.add(new Variant("header: odd Content-Type", r -> r.header("content-type", "text/html; charset=ebcdic")
                .body("{}")));
        v.add(new Variant("path: 1000-character room", r -> r.path("room", "r".repeat(1000))));
        v.add(new Variant("path: traversal", r -> r.path("room", "..%2F..%2Fetc")));
        v.add(new Variant("path: NUL and unicode", r -> r.path("room", "ro\u0000om\u00e9").path("meetingId",
                "\u202e\u0000")));
        v.add(new Variant("path: 1000-character meeting", r -> r.path("meetingId", "m".repeat(1000))));
        v.add(new Variant("query: odd values", r -> r.query("from", "not-a-date").query("limit", "-1")
                .query("cursor", "%%%")));
        v.add(new Variant("webhook: no signature, garbage body", r -> r.body("garbage")));
        v.add(new Variant("webhook: bad signature headers", r -> r.header("x-webhook-signature", "!!!")
                .header("x-webhook-timestamp", "not-a-number").body("{}")));
        return v;
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @TestFactory
    List<DynamicTest> everyRoute_answersEveryHostileInput_with4xxProblemJson_neverA500() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String route : OpenApiContract.load().routeKeys()) {
            for (Variant variant : variants()) {
                tests.add(DynamicTest.dynamicTest(route + " / " + variant.name(), () -> {
                    ApiTestBed.Request r = bed.request(route).path("room", "hostile").path("meetingId", meetingId);
                    if (!variant.name().startsWith("header: ") || variant.name().contains("Idempotency")
                            || variant.name().contains("Content-Type")) {
                        r.as("alice", "alice@example.com");
                    }
                    ApiTestBed.Reply reply = variant.apply().apply(r).send();
                    assertTrue(reply.status() < 500, route + " answered " + reply.status() + ": " + reply.raw());
                    if (reply.status() >= 400) {
                        assertEquals("application/problem+json", reply.header("Content-Type"), reply.raw());
                        assertNotNull(reply.code(), reply.raw());
                        assertTrue(CODES.contains(reply.code()), "stable code: " + reply.code());
                    }
                }));
            }
        }
        return tests;
    }

    @Test
    void unknownKeyIds_keepAnswering401_whileTheKeySetRefreshIsRateLimited() {
        for (int i = 0; i < 6; i++) {
            ApiTestBed.Reply reply = bed.request("GET /v1/rooms").bearer(bed.issuer.unknownKeyToken("mallory")).send();
            assertEquals(401, reply.status(), "attempt " + i + ": " + reply.raw());
        }
    }
}
