package dev.calroom.tools.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.calroom.daily.DailyEmulator;
import dev.calroom.support.Env;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * calroom on one machine, without Docker: DynamoDB Local in-process with the table template.yaml declares, an HTTP
 * gateway serving every HttpApi route of template.yaml through the handler class it names (API Gateway payload 2.0
 * events), every scheduled function run on its schedule, a Daily.co emulator (or the real Daily when
 * {@code DAILY_API_KEY} is set), a development token issuer, and local-only endpoints under {@code /_local}.
 */
public final class LocalStack implements AutoCloseable {

    /** How the stack is started. */
    public record Options(int port, boolean inMemory, boolean demo, Path dataDir, Path templateFile) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String TABLE = "calroom";

    private final Options options;
    private final PrintStream out;
    private final LocalClock clock = new LocalClock();
    private final Map<String, RequestHandler<Object, Object>> handlers = new LinkedHashMap<>();
    private final Map<String, ReentrantLock> invokeLocks = new HashMap<>();
    private final List<SamTemplate.Route> routes = new ArrayList<>();
    private final Map<String, String> routeFunction = new HashMap<>();
    private SamTemplate template;
    private DynamoDBProxyServer dynamo;
    private DailyEmulator daily;
    private HttpServer http;
    private ScheduledExecutorService scheduler;
    private DevIssuer issuer;
    private String baseUrl;
    private String dailyUrl;
    private String webhookSecret;
    private Instant demoCreated;

    public LocalStack(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public DevIssuer issuer() {
        return issuer;
    }

    /** Starts everything; returns once the gateway answers. */
    @SuppressWarnings("unchecked")
    public LocalStack start() throws Exception {
        long t0 = System.nanoTime();
        // Small responses written in two parts otherwise wait for the peer's delayed ACK (up to 200 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        template = SamTemplate.read(options.templateFile());
        Path data = options.inMemory() ? null : options.dataDir();
        // The dev issuer's key lives in the data directory even for an in-memory run, so `calroom token` signs
        // with the key this stack trusts.
        issuer = DevIssuer.open(options.dataDir());

        int dynamoPort = freePort();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(dynamoPort)));
        if (data == null) {
            args.add("-inMemory");
        } else {
            Path dbDir = data.resolve("dynamodb");
            Files.createDirectories(dbDir);
            args.addAll(List.of("-dbPath", dbDir.toString(), "-sharedDb"));
        }
        dynamo = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        dynamo.start();
        String dynamoUrl = "http://127.0.0.1:" + dynamoPort;
        try (DynamoDbClient db = DynamoDbClient.builder().endpointOverride(URI.create(dynamoUrl))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            if (!db.listTables().tableNames().contains(TABLE)) {
                db.createTable(template.tableDefinition(TABLE));
                db.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
            }
        }

        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 128);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        baseUrl = "http://127.0.0.1:" + http.getAddress().getPort();

        String realKey = System.getenv("DAILY_API_KEY");
        if (realKey != null && !realKey.isBlank()) {
            dailyUrl = System.getenv().getOrDefault("DAILY_API_URL", "https://api.daily.co/v1");
            webhookSecret = System.getenv().getOrDefault("DAILY_WEBHOOK_SECRET", randomSecret());
        } else {
            daily = new DailyEmulator(clock::instant);
            dailyUrl = daily.baseUrl().toString();
            webhookSecret = randomSecret();
            daily.webhooks(webhookSecret, DailyEmulator.WebhookTarget.http(URI.create(baseUrl
                    + "/v1/webhooks/daily")));
        }

        Map<String, String> env = new LinkedHashMap<>();
        for (SamTemplate.Function f : template.functions()) {
            env.putAll(f.environment());
        }
        env.keySet().removeIf(k -> k.endsWith("_SECRET_ARN") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("TABLE_NAME", TABLE);
        env.put("PUBLIC_BASE_URL", baseUrl + "/r");
        env.put("OIDC_ISSUER", DevIssuer.ISSUER);
        env.put("OIDC_AUDIENCE", DevIssuer.AUDIENCE);
        env.put("OIDC_JWKS_URL", baseUrl + "/_local/jwks.json");
        env.put("DAILY_API_URL", dailyUrl);
        env.put("DAILY_API_KEY", realKey != null && !realKey.isBlank() ? realKey : "local-emulator-key");
        env.put("DAILY_WEBHOOK_SECRET", webhookSecret);
        env.put("DYNAMODB_ENDPOINT", dynamoUrl);
        env.put("AWS_REGION", "us-east-1");
        env.put("CALROOM_LOCAL_DEVELOPMENT", "true");
        Env.install(env, clock);

        for (SamTemplate.Function f : template.functions()) {
            Class<?> type = Class.forName(f.handlerClass());
            handlers.put(f.logicalId(), (RequestHandler<Object, Object>) type.getConstructor().newInstance());
            invokeLocks.put(f.logicalId(), new ReentrantLock());
            for (SamTemplate.Route r : f.routes()) {
                routes.add(r);
                routeFunction.put(r.routeKey(), f.logicalId());
            }
        }
        http.createContext("/", this::serve);
        http.start();

        scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("schedule-", 0).factory());
        for (SamTemplate.Function f : template.functions()) {
            if (f.scheduleMinutes() != null) {
                long periodSeconds = f.scheduleMinutes() * 60;
                long delay = 60 - (System.currentTimeMillis() / 1000) % 60;
                scheduler.scheduleAtFixedRate(() -> invokeScheduled(f.logicalId()), delay, periodSeconds,
                        TimeUnit.SECONDS);
            }
        }
        if (options.demo()) {
            seedDemo();
        }
        out.printf("calroom local stack on %s (started in %d ms)%n", baseUrl, (System.nanoTime() - t0) / 1_000_000);
        out.printf("  DynamoDB Local  %s (%s)%n", dynamoUrl, data == null ? "in memory" : "data in " + data);
        out.printf("  Daily.co        %s%s%n", dailyUrl, daily != null ? " (emulator)" : "");
        out.printf("  routes          %d from template.yaml; schedules: %s%n", routes.size(),
                template.functions().stream().filter(f -> f.scheduleMinutes() != null)
                        .map(SamTemplate.Function::logicalId).toList());
        out.printf("  a token         infra/calroom token --sub alice --email alice@example.com%n");
        return this;
    }

    private void seedDemo() throws IOException {
        demoCreated = clock.instant();
        String token = issuer.token("demo-owner", "owner@example.com", "Demo Owner");
        String feedUrl = baseUrl + "/_local/feeds/demo.ics";
        APIGatewayV2HTTPResponse created = dispatch("POST", "/v1/rooms", Map.of("authorization",
                "Bearer " + token, "content-type", "application/json"),
                "{\"name\":\"demo\",\"isLocked\":false,\"ics\":{\"url\":\"" + feedUrl + "\",\"fetchIntervalMinutes\":1}}");
        if (created.getStatusCode() == 409) {
            dispatch("PATCH", "/v1/rooms/demo", Map.of("authorization", "Bearer " + token,
                    "content-type", "application/json"), "{\"ics\":{\"url\":\"" + feedUrl + "\",\"enabled\":true}}");
        }
        invoke("IcsSyncFunction");
        out.println();
        out.println("Demo room 'demo' (unlocked) syncs " + feedUrl + ". Try:");
        out.println("  curl -s " + baseUrl + "/v1/rooms/demo/meetings");
        out.println("  curl -s -X POST " + baseUrl + "/v1/rooms/demo/meetings/<id>/join -d '{\"displayName\":\"Ada\"}'");
        out.println("  curl -s -X POST " + baseUrl + "/_local/clock -d '{\"advance\":\"PT5M\"}'");
        out.println("  curl -s -X POST " + baseUrl + "/_local/invoke/MeetingLifecycleFunction");
        if (daily != null) {
            out.println("  curl -s -X POST " + dailyUrl.replace("/v1", "") + "/_emulator/rooms/<video room>/join "
                    + "-d '{\"userName\":\"Ada\"}'   # a participant enters; the emulator posts the webhook");
        }
        out.println("  TOKEN=$(infra/calroom token --sub demo-owner --email owner@example.com); curl -s -H "
                + "\"Authorization: Bearer $TOKEN\" " + baseUrl + "/v1/rooms/demo/ics/status");
        out.println();
    }

    private void serve(HttpExchange ex) throws IOException {
        long t0 = System.nanoTime();
        int status = 500;
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.startsWith("/_local/")) {
                status = local(ex, method, path, body);
            } else {
                Map<String, String> headers = new HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
                String rawQuery = ex.getRequestURI().getRawQuery();
                boolean text = isText(headers.get("content-type"));
                APIGatewayV2HTTPResponse r = dispatch(method, path, rawQuery == null ? "" : rawQuery, headers,
                        body.length == 0 ? null : text ? new String(body, StandardCharsets.UTF_8)
                                : Base64.getEncoder().encodeToString(body), !text && body.length > 0);
                status = r.getStatusCode();
                if (r.getHeaders() != null) {
                    r.getHeaders().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                }
                byte[] bytes = r.getBody() == null ? new byte[0] : r.getBody().getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream os = ex.getResponseBody()) {
                        os.write(bytes);
                    }
                }
            }
        } catch (RuntimeException e) {
            out.println("gateway error: " + e);
        } finally {
            out.printf("%s %s %d %dms%n", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), status,
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** A JSON request from inside the stack (the demo seeding, the benchmark). */
    public APIGatewayV2HTTPResponse dispatch(String method, String rawPath, Map<String, String> headers,
                                             String body) {
        return dispatch(method, rawPath, "", headers, body, false);
    }

    /**
     * Routes a request the way API Gateway does and invokes the handler template.yaml names for the route, with a
     * payload 2.0 event: route key, raw path and query, decoded query parameters (repeated ones joined with commas),
     * lower-case headers, path parameters, the body (base64 for non-text content) and the request context.
     */
    public APIGatewayV2HTTPResponse dispatch(String method, String rawPath, String rawQuery,
                                             Map<String, String> headers, String body, boolean base64) {
        Map<String, String> query = query(rawQuery);
        for (SamTemplate.Route r : routes) {
            if (!r.method().equals(method)) {
                continue;
            }
            Map<String, String> params = r.match(rawPath);
            if (params == null) {
                continue;
            }
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0").withRouteKey(r.routeKey()).withRawPath(rawPath)
                    .withRawQueryString(rawQuery)
                    .withHeaders(headers).withQueryStringParameters(query.isEmpty() ? null : query)
                    .withPathParameters(params.isEmpty() ? null : params)
                    .withBody(body).withIsBase64Encoded(base64)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withRequestId(UUID.randomUUID().toString()).withRouteKey(r.routeKey())
                            .withStage("$default").withTimeEpoch(clock.millis())
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method)
                                    .withPath(rawPath).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1")
                                    .withUserAgent(headers.getOrDefault("user-agent", "")).build())
                            .build())
                    .build();
            Object result = handlers.get(routeFunction.get(r.routeKey())).handleRequest(event, null);
            return (APIGatewayV2HTTPResponse) result;
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(404)
                .withHeaders(Map.of("Content-Type", "application/problem+json"))
                .withBody("{\"type\":\"https://calroom.dev/problems/not-found\",\"title\":\"No such route\","
                        + "\"status\":404,\"detail\":\"no route for " + method + " " + rawPath.replace("\"", "")
                        + "\",\"code\":\"not-found\"}").build();
    }

    private int local(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        JsonNode in = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        ObjectNode reply = JSON.createObjectNode();
        switch (method + " " + path) {
            case "GET /_local/health" -> reply.put("status", "ok").put("now", clock.instant().toString());
            case "GET /_local/config" -> {
                reply.put("apiBaseUrl", baseUrl);
                reply.put("dailyApiUrl", dailyUrl);
                reply.put("dailyWebhookSecret", webhookSecret);
                reply.put("issuer", DevIssuer.ISSUER);
                reply.put("audience", DevIssuer.AUDIENCE);
                reply.put("jwksUrl", baseUrl + "/_local/jwks.json");
                reply.put("publicBaseUrl", baseUrl + "/r");
            }
            case "GET /_local/jwks.json" -> {
                return send(ex, 200, "application/json", issuer.jwks());
            }
            case "GET /_local/feeds/demo.ics" -> {
                if (demoCreated == null) {
                    return send(ex, 404, "text/plain", "the demo runs with --demo");
                }
                return send(ex, 200, "text/calendar; charset=utf-8", DemoFeed.ics(demoCreated, baseUrl + "/r/demo"));
            }
            case "POST /_local/token" -> {
                String sub = in.path("sub").asText("");
                if (sub.isBlank()) {
                    return send(ex, 400, "application/json", "{\"error\":\"sub is required\"}");
                }
                reply.put("token", issuer.token(sub, in.path("email").asText(null), in.path("name").asText(null)));
            }
            case "POST /_local/clock" -> {
                Instant now;
                try {
                    if (in.path("reset").asBoolean(false)) {
                        now = clock.reset();
                    } else if (in.has("now")) {
                        now = clock.set(Instant.parse(in.path("now").asText()));
                    } else if (in.has("advance")) {
                        now = clock.advance(Duration.parse(in.path("advance").asText()));
                    } else {
                        now = clock.instant();
                    }
                } catch (RuntimeException e) {
                    return send(ex, 400, "application/json",
                            "{\"error\":\"expected {now: ISO instant} or {advance: ISO duration} or {reset: true}\"}");
                }
                reply.put("now", now.toString());
            }
            default -> {
                if (method.equals("POST") && path.startsWith("/_local/invoke/")) {
                    String id = URLDecoder.decode(path.substring("/_local/invoke/".length()), StandardCharsets.UTF_8);
                    if (!handlers.containsKey(id)) {
                        return send(ex, 404, "application/json", "{\"error\":\"no function " + id.replace("\"", "")
                                + " in template.yaml\"}");
                    }
                    Object result = invoke(id);
                    return send(ex, 200, "application/json", JSON.writeValueAsString(result));
                }
                return send(ex, 404, "application/json", "{\"error\":\"no such local endpoint\"}");
            }
        }
        return send(ex, 200, "application/json", JSON.writeValueAsString(reply));
    }

    private void invokeScheduled(String logicalId) {
        try {
            invoke(logicalId);
        } catch (RuntimeException e) {
            out.println(logicalId + " failed: " + e);
        }
    }

    /** Runs a scheduled function now, the way EventBridge Scheduler invokes it, and answers its result. */
    public Object invoke(String logicalId) {
        ReentrantLock lock = invokeLocks.get(logicalId);
        lock.lock();
        try {
            ScheduledEvent event = new ScheduledEvent();
            event.setId(UUID.randomUUID().toString());
            event.setDetailType("Scheduled Event");
            event.setSource("aws.scheduler");
            event.setTime(new org.joda.time.DateTime(clock.millis()));
            event.setResources(List.of("arn:aws:scheduler:local:000000000000:schedule/default/" + logicalId));
            event.setDetail(Map.of());
            return handlers.get(logicalId).handleRequest(event, null);
        } finally {
            lock.unlock();
        }
    }

    /** Content API Gateway passes as text; anything else arrives base64-encoded with the flag set. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String t = contentType.toLowerCase(java.util.Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("javascript")
                || t.startsWith("application/x-www-form-urlencoded");
    }

    private static int send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
        return status;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.merge(k, v, (a, b) -> a + "," + b);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    public DailyEmulator dailyEmulator() {
        return daily;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (http != null) {
            http.stop(0);
        }
        if (daily != null) {
            daily.close();
        }
        if (dynamo != null) {
            try {
                dynamo.stop();
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }

}
