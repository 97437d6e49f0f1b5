package dev.calroom.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.auth.TestIssuer;
import dev.calroom.daily.DailyEmulator;
import dev.calroom.dynamodb.LocalDynamo;
import dev.calroom.handler.ApiComponents;
import dev.calroom.handler.DailyWebhookHandler;
import dev.calroom.handler.FeedHandler;
import dev.calroom.handler.MeetingsHandler;
import dev.calroom.handler.RoomsHandler;
import dev.calroom.sync.MutableClock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The API as a test drives it: the real handlers and services on a fresh DynamoDB Local table, a Daily emulator, an
 * OIDC issuer on loopback, and a clock the test moves. Every response is checked against infra/openapi.yaml.
 */
public final class ApiTestBed implements AutoCloseable {

    public static final String WEBHOOK_SECRET = "cR0xocJXAg53MKgBFQXnnEPwvrXTPPVhehv5Fzp2nxc=";
    public static final String PUBLIC_BASE_URL = "https://rooms.example.com";

    public final MutableClock clock;
    public final DailyEmulator daily;
    public final TestIssuer issuer;
    public final DynamoDbClient db;
    /** Faults DynamoDB Local never produces, armed by the tests that need them. */
    public final dev.calroom.dynamodb.FaultInjector faults = new dev.calroom.dynamodb.FaultInjector();
    /** The DynamoDB requests the handlers make, by operation. */
    public final dev.calroom.dynamodb.RequestCounter requests = new dev.calroom.dynamodb.RequestCounter();
    public final String table;
    public final ApiComponents components;
    private final Map<String, ApiFunction> handlers = new HashMap<>();
    private final OpenApiContract contract = OpenApiContract.load();

    public ApiTestBed(Instant now) throws IOException {
        this(now, Map.of());
    }

    public ApiTestBed(Instant now, Map<String, String> extraEnv) throws IOException {
        clock = new MutableClock(now);
        daily = new DailyEmulator(clock::instant);
        issuer = new TestIssuer();
        db = LocalDynamo.client(faults, requests);
        table = LocalDynamo.freshTable(db);
        Map<String, String> env = new HashMap<>();
        env.put("TABLE_NAME", table);
        env.put("PUBLIC_BASE_URL", PUBLIC_BASE_URL);
        env.put("CALROOM_LOCAL_DEVELOPMENT", "true");
        env.put("OIDC_ISSUER", issuer.issuer());
        env.put("OIDC_AUDIENCE", TestIssuer.AUDIENCE);
        env.put("OIDC_JWKS_URL", issuer.jwksUri().toString());
        env.put("DAILY_API_URL", daily.baseUrl().toString());
        env.put("DAILY_API_KEY", "test-daily-key");
        env.put("DAILY_WEBHOOK_SECRET", WEBHOOK_SECRET);
        // Generous anonymous limits: suites about other rules send many anonymous requests from one address.
        env.put("ADHOC_ANON_LIMIT_PER_ROOM", "10000");
        env.put("ADHOC_ANON_LIMIT_PER_CALLER", "10000");
        env.putAll(extraEnv);
        components = ApiComponents.create(env, db, null, null, clock);
        RoomsHandler rooms = new RoomsHandler(components.roomService(), components.authenticator(),
                components.views());
        MeetingsHandler meetings = new MeetingsHandler(components.meetingService(), components.meetingClosing(),
                components.authenticator(), components.views());
        FeedHandler feeds = new FeedHandler(components.feedService(), components.authenticator(),
                components.views());
        DailyWebhookHandler webhooks = new DailyWebhookHandler(components.webhookService());
        for (String route : contract.routeKeys()) {
            ApiFunction h;
            if (route.contains("/webhooks/")) {
                h = webhooks;
            } else if (route.contains("/ics/")) {
                h = feeds;
            } else if (route.contains("/meetings")) {
                h = meetings;
            } else {
                h = rooms;
            }
            handlers.put(route, h);
        }
    }

    public Request request(String routeKey) {
        return new Request(routeKey);
    }

    /** A response as a client sees it. */
    public record Reply(int status, Map<String, String> headers, String raw, JsonNode json) {

        public String code() {
            return json == null ? null : json.path("code").asText(null);
        }

        public String header(String name) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    /** One request, built up and sent. */
    public final class Request {
        private final String routeKey;
        private final Map<String, String> pathParams = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;
        private boolean base64;
        private String sourceIp = "127.0.0.1";

        Request(String routeKey) {
            this.routeKey = routeKey;
        }

        public Request path(String name, String value) {
            pathParams.put(name, value);
            return this;
        }

        public Request query(String name, String value) {
            query.put(name, value);
            return this;
        }

        public Request header(String name, String value) {
            headers.put(name.toLowerCase(), value);
            return this;
        }

        public Request bearer(String token) {
            return header("authorization", "Bearer " + token);
        }

        public Request as(String sub, String email) {
            return bearer(issuer.token(sub, email));
        }

        /** The client address API Gateway reports for the request. */
        public Request from(String ip) {
            this.sourceIp = ip;
            return this;
        }

        public Request body(String json) {
            this.body = json;
            return this;
        }

        public Request base64Body(String encoded) {
            this.body = encoded;
            this.base64 = true;
            return this;
        }

        /**
         * The payload 2.0 JSON API Gateway would send for this request, read into the handler's event type by the
         * Lambda runtime's own serializer (what AWS's runtime interface client uses), never built as an object.
         */
        public APIGatewayV2HTTPEvent event() {
            String method = routeKey.substring(0, routeKey.indexOf(' '));
            String path = routeKey.substring(routeKey.indexOf(' ') + 1);
            for (Map.Entry<String, String> p : pathParams.entrySet()) {
                path = path.replace("{" + p.getKey() + "}", p.getValue());
            }
            if (body != null && !headers.containsKey("content-type")) {
                headers.put("content-type", "application/json");
            }
            ObjectNode e = JSON.createObjectNode();
            e.put("version", "2.0");
            e.put("routeKey", routeKey);
            e.put("rawPath", path);
            e.put("rawQueryString", "");
            ObjectNode h = e.putObject("headers");
            headers.forEach(h::put);
            if (!query.isEmpty()) {
                ObjectNode q = e.putObject("queryStringParameters");
                query.forEach(q::put);
            }
            if (!pathParams.isEmpty()) {
                ObjectNode pp = e.putObject("pathParameters");
                pathParams.forEach(pp::put);
            }
            if (body != null) {
                e.put("body", body);
            }
            e.put("isBase64Encoded", base64);
            ObjectNode ctx = e.putObject("requestContext");
            ctx.put("accountId", "123456789012");
            ctx.put("apiId", "api-id");
            ctx.put("requestId", UUID.randomUUID().toString());
            ctx.put("routeKey", routeKey);
            ctx.put("stage", "$default");
            ctx.put("timeEpoch", clock.millis());
            ObjectNode http = ctx.putObject("http");
            http.put("method", method);
            http.put("path", path);
            http.put("protocol", "HTTP/1.1");
            http.put("sourceIp", sourceIp);
            http.put("userAgent", "calroom-tests");
            return RuntimeEventSerialization.read(e.toString().getBytes(StandardCharsets.UTF_8));
        }

        /** Sends the request and checks the response, as the runtime serializes it, against the OpenAPI document. */
        public Reply send() {
            ApiFunction handler = handlers.get(routeKey);
            if (handler == null) {
                throw new IllegalArgumentException("no handler for " + routeKey);
            }
            JsonNode r;
            try {
                r = JSON.readTree(RuntimeEventSerialization.write(handler.handleRequest(event(), null)));
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            int status = r.path("statusCode").asInt();
            Map<String, String> h = new LinkedHashMap<>();
            r.path("headers").fields().forEachRemaining(f -> h.put(f.getKey(), f.getValue().asText()));
            String text = r.path("body").isTextual() ? r.path("body").asText() : null;
            List<String> errors = contract.check(routeKey, status, h.get("Content-Type"), text);
            assertEquals(List.of(), errors, "response does not match infra/openapi.yaml: " + text);
            JsonNode json = null;
            if (text != null && !text.isEmpty()) {
                try {
                    json = JSON.readTree(text.getBytes(StandardCharsets.UTF_8));
                } catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }
            return new Reply(status, h, text, json);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void close() {
        daily.close();
        issuer.close();
        db.deleteTable(b -> b.tableName(table));
        db.close();
    }
}
