package dev.calroom.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        db = LocalDynamo.client(faults);
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
        MeetingsHandler meetings = new MeetingsHandler(components.meetingService(), components.authenticator(),
                components.views());
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

        public APIGatewayV2HTTPEvent event() {
            String method = routeKey.substring(0, routeKey.indexOf(' '));
            String path = routeKey.substring(routeKey.indexOf(' ') + 1);
            for (Map.Entry<String, String> p : pathParams.entrySet()) {
                path = path.replace("{" + p.getKey() + "}", p.getValue());
            }
            if (body != null && !headers.containsKey("content-type")) {
                headers.put("content-type", "application/json");
            }
            return APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0")
                    .withRouteKey(routeKey)
                    .withRawPath(path)
                    .withRawQueryString("")
                    .withHeaders(new HashMap<>(headers))
                    .withQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query))
                    .withPathParameters(pathParams.isEmpty() ? null : new HashMap<>(pathParams))
                    .withBody(body)
                    .withIsBase64Encoded(base64)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withRequestId(UUID.randomUUID().toString())
                            .withRouteKey(routeKey)
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method)
                                    .withPath(path).withProtocol("HTTP/1.1").withSourceIp(sourceIp)
                                    .withUserAgent("calroom-tests").build())
                            .build())
                    .build();
        }

        /** Sends the request and checks the response against the OpenAPI document. */
        public Reply send() {
            ApiFunction handler = handlers.get(routeKey);
            if (handler == null) {
                throw new IllegalArgumentException("no handler for " + routeKey);
            }
            APIGatewayV2HTTPResponse r = handler.handleRequest(event(), null);
            Map<String, String> h = r.getHeaders() == null ? Map.of() : r.getHeaders();
            String contentType = h.get("Content-Type");
            List<String> errors = contract.check(routeKey, r.getStatusCode(), contentType, r.getBody());
            assertEquals(List.of(), errors, "response does not match infra/openapi.yaml: " + r.getBody());
            JsonNode json = null;
            if (r.getBody() != null && !r.getBody().isEmpty()) {
                try {
                    json = new ObjectMapper().readTree(r.getBody().getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return new Reply(r.getStatusCode(), h, r.getBody(), json);
        }
    }

    @Override
    public void close() {
        daily.close();
        issuer.close();
        db.deleteTable(b -> b.tableName(table));
        db.close();
    }
}
