package dev.calroom.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.calroom.daily.DailyEmulator;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * calroom on one machine, without Docker, run the way AWS runs it: DynamoDB Local on loopback with the table
 * template.yaml declares; every function of template.yaml in JVMs of its own through AWS's runtime interface client
 * ({@link LocalFunction}), each seeing only its own template environment; an HTTP gateway that routes each request
 * by the template's HttpApi routes and hands the function the payload 2.0 JSON API Gateway would; each schedule
 * invoking its function with EventBridge Scheduler's payload; secrets served by ARN through a Secrets
 * Manager-compatible endpoint; a Daily.co emulator (or the real Daily when {@code DAILY_API_KEY} is set); a
 * development token issuer; and local-only endpoints under {@code /_local}.
 */
public final class LocalStack implements AutoCloseable {

    /** How the stack is started. */
    public record Options(int port, boolean inMemory, boolean demo, Path dataDir, Path templateFile) {
    }

    /** A gateway answer, as a client sees it. */
    public record GatewayResponse(int status, Map<String, String> headers, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String TABLE = "calroom";
    /** Execution environments per function at most (Lambda scales out further; a laptop should not). */
    static final int MAX_ENVIRONMENTS = 4;

    private final Options options;
    private final PrintStream out;
    private LocalClock clock;
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final List<SamTemplate.Route> routes = new ArrayList<>();
    private final Map<String, String> routeFunction = new HashMap<>();
    private SamTemplate template;
    private LoopbackDynamoDb dynamo;
    private SecretsManagerEndpoint secrets;
    private DailyEmulator daily;
    private HttpServer http;
    private ScheduledExecutorService scheduler;
    private LocalQueues queues;
    private final Map<String, SqsEventSource> eventSources = new LinkedHashMap<>();
    private DevIssuer issuer;
    private DevSignIn signIn;
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

    /** The environment a function's process sees (for tests and diagnostics). */
    public Map<String, String> environmentOf(String logicalId) {
        return functions.get(logicalId).environment();
    }

    /** How many execution environments of a function have started so far (cold starts). */
    public int coldStartsOf(String logicalId) {
        return functions.get(logicalId).coldStarts();
    }

    /** Starts everything; returns once the gateway answers. Functions start on their first invocation. */
    public LocalStack start() throws Exception {
        long t0 = System.nanoTime();
        // Small responses written in two parts otherwise wait for the peer's delayed ACK (up to 200 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path templateFile = options.templateFile().toAbsolutePath();
        template = SamTemplate.read(templateFile);
        Path dataDir = options.dataDir() != null ? options.dataDir() : Files.createTempDirectory("calroom-local");
        Path data = options.inMemory() ? null : dataDir;
        Files.createDirectories(dataDir);
        // The dev issuer's key lives in the data directory even for an in-memory run, so `calroom token` signs
        // with the key this stack trusts.
        issuer = DevIssuer.open(dataDir);
        clock = new LocalClock(dataDir.resolve("clock-offset-ms"));

        Path dbDir = null;
        if (data != null) {
            dbDir = data.resolve("dynamodb");
            Files.createDirectories(dbDir);
        }
        dynamo = new LoopbackDynamoDb(dbDir);
        try (DynamoDbClient db = DynamoDbClient.builder().endpointOverride(URI.create(dynamo.url()))
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
        signIn = new DevSignIn(issuer, baseUrl);

        String realKey = System.getenv("DAILY_API_KEY");
        boolean realDaily = realKey != null && !realKey.isBlank();
        if (realDaily) {
            dailyUrl = System.getenv().getOrDefault("DAILY_API_URL", "https://api.daily.co/v1");
            webhookSecret = System.getenv().getOrDefault("DAILY_WEBHOOK_SECRET", randomSecret());
        } else {
            daily = new DailyEmulator(clock::instant);
            dailyUrl = daily.baseUrl().toString();
            webhookSecret = randomSecret();
            daily.webhooks(webhookSecret, DailyEmulator.WebhookTarget.http(URI.create(baseUrl
                    + "/v1/webhooks/daily")));
        }
        queues = new LocalQueues(template.queues());
        secrets = new SecretsManagerEndpoint();
        Map<String, String> secretArns = Map.of(
                "DailyApiKeySecret", secrets.put("calroom-daily-api-key", realDaily ? realKey : "local-emulator-key"),
                "DailyWebhookSecret", secrets.put("calroom-daily-webhook-secret", webhookSecret));

        // What the local stack gives a variable the template sets (and only those): its own endpoints.
        Map<String, String> local = new LinkedHashMap<>();
        local.put("TABLE_NAME", TABLE);
        local.put("PUBLIC_BASE_URL", baseUrl);
        local.put("OIDC_CLIENT_ID", DevSignIn.CLIENT_ID);
        local.put("OIDC_AUTHORIZATION_URL", baseUrl + "/_local/authorize");
        local.put("OIDC_TOKEN_URL", baseUrl + "/_local/oauth/token");
        if (daily != null) {
            local.put("DAILY_JS_URL", daily.baseUrl().resolve("/_emulator/daily-js.mjs").toString());
        }
        local.put("OIDC_ISSUER", DevIssuer.ISSUER);
        local.put("OIDC_AUDIENCE", DevIssuer.AUDIENCE);
        local.put("OIDC_JWKS_URL", baseUrl + "/_local/jwks.json");
        local.put("DAILY_API_URL", dailyUrl);
        local.put("CALROOM_LOCAL_DEVELOPMENT", "true");
        List<Path> classpath = functionClasspath(templateFile.getParent());
        for (SamTemplate.Function f : template.functions()) {
            Map<String, String> env = new LinkedHashMap<>();
            f.environment().forEach((k, v) -> {
                if (k.endsWith("_SECRET_ARN")) {
                    env.put(k, secretArns.getOrDefault(v, v));
                } else if (queues.urlOf(v) != null) {
                    env.put(k, queues.urlOf(v));
                } else {
                    env.put(k, local.getOrDefault(k, v));
                }
            });
            env.putAll(lambdaVariables(f));
            functions.put(f.logicalId(), new LocalFunction(f.logicalId(), f.handler(), env, classpath, f.memoryMb(),
                    Duration.ofSeconds(f.timeoutSeconds()), MAX_ENVIRONMENTS, out));
            for (SamTemplate.Route r : f.routes()) {
                routes.add(r);
                routeFunction.put(r.routeKey(), f.logicalId());
            }
        }
        routes.sort(SamTemplate.Route.MOST_SPECIFIC_FIRST);
        http.createContext("/", this::serve);
        http.start();
        for (SamTemplate.Function f : template.functions()) {
            for (SamTemplate.SqsSource source : f.sqsSources()) {
                int pollers = source.maximumConcurrency() > 0
                        ? Math.min(source.maximumConcurrency(), MAX_ENVIRONMENTS) : MAX_ENVIRONMENTS;
                LocalFunction target = functions.get(f.logicalId());
                eventSources.put(source.queueLogicalId(), new SqsEventSource(queues.client(),
                        queues.urlOf(source.queueLogicalId()), queues.arnOf(source.queueLogicalId()), source,
                        pollers, target::invoke, out));
            }
        }

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
            out.println("Demo room page: " + baseUrl + "/demo");
        }
        out.printf("calroom local stack on %s (started in %d ms)%n", baseUrl, (System.nanoTime() - t0) / 1_000_000);
        if (options.demo()) {
            seedDemo();
        }
        out.printf("  DynamoDB Local  %s (%s)%n", dynamo.url(), data == null ? "in memory" : "data in " + data);
        out.printf("  Daily.co        %s%s%n", dailyUrl, daily != null ? " (emulator)" : "");
        out.printf("  SQS             %s (ElasticMQ): %s, delivered by event sources to %s%n", queues.url(),
                queues.urls().keySet(), template.functions().stream().filter(f -> !f.sqsSources().isEmpty())
                        .map(SamTemplate.Function::logicalId).toList());
        out.printf("  functions       %s, each in its own JVM through the Lambda runtime interface client%n",
                functions.keySet());
        out.printf("  routes          %d from template.yaml; schedules: %s%n", routes.size(),
                template.functions().stream().filter(f -> f.scheduleMinutes() != null)
                        .map(SamTemplate.Function::logicalId).toList());
        out.printf("  a token         infra/calroom token --sub alice --email alice@example.com%n");
        return this;
    }

    /** The variables Lambda itself sets, and the SDK's standard endpoint variables pointing at local services. */
    private Map<String, String> lambdaVariables(SamTemplate.Function f) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", f.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(f.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + f.logicalId());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.url());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.url());
        env.put("AWS_ENDPOINT_URL_SQS", queues.url());
        env.put("CALROOM_LOCAL_CLOCK_FILE", clock.file().toString());
        return env;
    }

    /**
     * The deployment artifact the template's CodeUri names (what AWS runs), plus AWS's runtime interface client,
     * which the managed runtime provides on AWS and this JVM has on its class path.
     */
    private List<Path> functionClasspath(Path templateDir) throws IOException {
        String codeUri = template.functions().getFirst().codeUri();
        Path artifact = templateDir.resolve(codeUri);
        if (!Files.isRegularFile(artifact)) {
            throw new IOException("the functions' artifact " + codeUri + " is not built: run mvn -B package first");
        }
        List<Path> cp = new ArrayList<>();
        cp.add(artifact);
        cp.addAll(LocalFunction.runtimeClientJars());
        return cp;
    }

    private void seedDemo() throws IOException {
        demoCreated = clock.instant();
        String token = issuer.token("demo-owner", "owner@example.com", "Demo Owner");
        String feedUrl = baseUrl + "/_local/feeds/demo.ics";
        GatewayResponse created = dispatch("POST", "/v1/rooms", Map.of("authorization",
                "Bearer " + token, "content-type", "application/json"),
                "{\"name\":\"demo\",\"isLocked\":false,\"ics\":{\"url\":\"" + feedUrl + "\",\"fetchIntervalMinutes\":1}}");
        if (created.status() == 409) {
            dispatch("PATCH", "/v1/rooms/demo", Map.of("authorization", "Bearer " + token,
                    "content-type", "application/json"), "{\"ics\":{\"url\":\"" + feedUrl + "\",\"enabled\":true}}");
        }
        invoke("IcsSyncFunction");
        out.println();
        out.println("Demo room page: " + baseUrl + "/demo");
        out.println("Owner pages:    " + baseUrl + "/ (sign in as demo-owner to manage the demo room)");
        out.println("The room 'demo' (unlocked) syncs " + feedUrl + ". Try:");
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
                Map<String, List<String>> headers = new LinkedHashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
                String sourceIp = ex.getRemoteAddress().getAddress().getHostAddress();
                GatewayResponse r = gateway(new LambdaEvents.HttpRequest(method, path, ex.getRequestURI()
                        .getRawQuery(), headers, body, sourceIp));
                status = r.status();
                r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                byte[] bytes = r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.UTF_8);
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

    /**
     * A cold start of a template function: its environments are let go (as Lambda does after a deployment or
     * when idle), then one request through the gateway starts a fresh one.
     */
    public ColdStart coldStart(String logicalId, String method, String rawPath, Map<String, String> headers) {
        LocalFunction f = functions.get(logicalId);
        f.close();
        long t0 = System.nanoTime();
        GatewayResponse r = dispatch(method, rawPath, headers, null);
        long total = (System.nanoTime() - t0) / 1_000_000;
        return new ColdStart(f.lastInitMillis(), total, r.status());
    }

    /**
     * A cold start of a handler outside the template (a benchmark's baseline), run as the template's functions
     * are: a fresh JVM with the function artifact and {@code extraClasses} on its class path, Lambda's own
     * variables only, fed the gateway's event for one request on the {@code $default} route.
     */
    public ColdStart coldStartOf(String handler, Path extraClasses, String method, String rawPath)
            throws IOException, InterruptedException {
        SamTemplate.Function any = template.functions().getFirst();
        List<Path> classpath = new ArrayList<>(functionClasspath(
                options.templateFile().toAbsolutePath().getParent()));
        classpath.add(extraClasses);
        Map<String, String> env = lambdaVariables(any);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "Baseline");
        byte[] event = LambdaEvents.httpApi(new LambdaEvents.HttpRequest(method, rawPath, null, Map.of(), new byte[0],
                "127.0.0.1"), "$default", Map.of(), clock.instant(), Map.of());
        try (LocalFunction f = new LocalFunction("Baseline", handler, env, classpath, any.memoryMb(),
                Duration.ofSeconds(any.timeoutSeconds()), 1, out)) {
            long t0 = System.nanoTime();
            LocalFunction.Result r = f.invoke(event);
            long total = (System.nanoTime() - t0) / 1_000_000;
            return new ColdStart(f.lastInitMillis(), total, gatewayResponse(r).status());
        }
    }

    /** A JSON request from inside the stack (the demo seeding, the benchmark), through the gateway. */
    public GatewayResponse dispatch(String method, String rawPath, Map<String, String> headers, String body) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        return gateway(new LambdaEvents.HttpRequest(method, rawPath, null, h,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
    }

    /**
     * Routes a request the way API Gateway does (a matching route, else {@code $default}), invokes the function the
     * template names with the payload 2.0 JSON, and maps its answer as API Gateway does: a payload 2.0 response
     * object, a function error as 500 {@code {"message":"Internal Server Error"}}, a timeout as 503
     * {@code {"message":"Service Unavailable"}}.
     */
    GatewayResponse gateway(LambdaEvents.HttpRequest request) {
        SamTemplate.Route matched = null;
        Map<String, String> params = null;
        for (SamTemplate.Route r : routes) {
            if (r.path().equals("$default") || !(r.method().equals(request.method()) || r.method().equals("ANY"))) {
                continue;
            }
            params = r.match(request.rawPath());
            if (params != null) {
                matched = r;
                break;
            }
        }
        if (matched == null) {
            matched = routes.stream().filter(r -> r.path().equals("$default")).findFirst().orElse(null);
            params = Map.of();
        }
        if (matched == null) {
            return new GatewayResponse(404, Map.of("Content-Type", "application/json"), "{\"message\":\"Not Found\"}");
        }
        LocalFunction f = functions.get(routeFunction.get(matched.routeKey()));
        byte[] event = LambdaEvents.httpApi(request, matched.routeKey(), params, clock.instant(), Map.of());
        LocalFunction.Result result;
        try {
            result = f.invoke(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new GatewayResponse(503, Map.of("Content-Type", "application/json"),
                    "{\"message\":\"Service Unavailable\"}");
        }
        return gatewayResponse(result);
    }

    /** What HTTP API answers for a function's outcome. */
    static GatewayResponse gatewayResponse(LocalFunction.Result result) {
        return switch (result.kind()) {
            case RESULT -> response(result.body());
            case TIMEOUT -> new GatewayResponse(503, Map.of("Content-Type", "application/json"),
                    "{\"message\":\"Service Unavailable\"}");
            case FUNCTION_ERROR, INIT_ERROR -> new GatewayResponse(500, Map.of("Content-Type", "application/json"),
                    "{\"message\":\"Internal Server Error\"}");
        };
    }

    /** A payload 2.0 response: a {@code statusCode} object, or any other JSON as a 200 application/json body. */
    static GatewayResponse response(byte[] body) {
        try {
            JsonNode r = JSON.readTree(body);
            if (r == null || !r.isObject() || !r.has("statusCode")) {
                return new GatewayResponse(200, Map.of("Content-Type", "application/json"),
                        new String(body, StandardCharsets.UTF_8));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            r.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            String text = r.path("body").isNull() || r.path("body").isMissingNode() ? null : r.path("body").asText();
            if (text != null && r.path("isBase64Encoded").asBoolean(false)) {
                text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
            }
            return new GatewayResponse(r.path("statusCode").asInt(500), headers, text);
        } catch (IOException e) {
            return new GatewayResponse(500, Map.of("Content-Type", "application/json"),
                    "{\"message\":\"Internal Server Error\"}");
        }
    }

    private int local(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        DevSignIn.Answer signInAnswer = switch (method + " " + path) {
            case "GET /_local/authorize" -> signIn.authorizeForm(ex.getRequestURI().getRawQuery());
            case "POST /_local/authorize" -> signIn.authorize(new String(body, StandardCharsets.UTF_8));
            case "POST /_local/oauth/token" -> signIn.token(new String(body, StandardCharsets.UTF_8));
            default -> null;
        };
        if (signInAnswer != null) {
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (signInAnswer.location() != null) {
                ex.getResponseHeaders().set("Location", signInAnswer.location());
            }
            return send(ex, signInAnswer.status(), signInAnswer.contentType(), signInAnswer.body());
        }
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
                reply.put("publicBaseUrl", baseUrl);
            }
            case "GET /_local/jwks.json" -> {
                return send(ex, 200, "application/json", issuer.jwks());
            }
            case "GET /_local/feeds/demo.ics" -> {
                if (demoCreated == null) {
                    return send(ex, 404, "text/plain", "the demo runs with --demo");
                }
                return send(ex, 200, "text/calendar; charset=utf-8", DemoFeed.ics(demoCreated, baseUrl + "/demo"));
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
                    if (!functions.containsKey(id)) {
                        return send(ex, 404, "application/json", "{\"error\":\"no function " + id.replace("\"", "")
                                + " in template.yaml\"}");
                    }
                    LocalFunction.Result r = invokeResult(id);
                    return send(ex, r.kind() == LocalFunction.Kind.RESULT ? 200 : 502, "application/json",
                            new String(r.body(), StandardCharsets.UTF_8));
                }
                return send(ex, 404, "application/json", "{\"error\":\"no such local endpoint\"}");
            }
        }
        return send(ex, 200, "application/json", JSON.writeValueAsString(reply));
    }

    private void invokeScheduled(String logicalId) {
        try {
            LocalFunction.Result r = invokeResult(logicalId);
            if (r.kind() != LocalFunction.Kind.RESULT) {
                out.println(logicalId + " failed (" + r.kind() + "): " + new String(r.body(), StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            out.println(logicalId + " failed: " + e);
        }
    }

    /** Runs a scheduled function now, with the payload EventBridge Scheduler sends it, and answers its result. */
    public JsonNode invoke(String logicalId) throws IOException {
        LocalFunction.Result r = invokeResult(logicalId);
        if (r.kind() != LocalFunction.Kind.RESULT) {
            throw new IOException(logicalId + " failed (" + r.kind() + "): "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(r.body());
    }

    private LocalFunction.Result invokeResult(String logicalId) {
        SamTemplate.Function f = template.functions().stream().filter(x -> x.logicalId().equals(logicalId))
                .findFirst().orElseThrow();
        try {
            return functions.get(logicalId).invoke(LambdaEvents.scheduler(logicalId, f.scheduleInput(),
                    clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Invokes any function with an event, as {@code aws lambda invoke} would (for tests). */
    public LocalFunction.Result invokeWith(String logicalId, byte[] event) throws InterruptedException {
        return functions.get(logicalId).invoke(event);
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

    private static String randomSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** The local queues (ElasticMQ), for tests and benchmarks. */
    public software.amazon.awssdk.services.sqs.SqsClient sqs() {
        return queues.client();
    }

    /** The URL of the template's queue with this logical id. */
    public String queueUrl(String logicalId) {
        return queues.urlOf(logicalId);
    }

    /** Messages visible in the template's queue with this logical id. */
    public int visibleMessages(String logicalId) {
        return queues.visibleMessages(logicalId);
    }

    /** Delivered, deleted and returned message counts of the event source reading this queue. */
    public long[] eventSourceCounts(String queueLogicalId) {
        return eventSources.get(queueLogicalId).counts();
    }

    public DailyEmulator dailyEmulator() {
        return daily;
    }

    /** Execution environments (JVMs) each function may run at once, as concurrency on AWS. */
    public static int environmentsPerFunction() {
        return MAX_ENVIRONMENTS;
    }

    /** DynamoDB requests the stack's DynamoDB Local has served, by operation. */
    public Map<String, Long> dynamoRequests() {
        return dynamo.requestCounts();
    }

    public String dynamoUrl() {
        return dynamo.url();
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (http != null) {
            http.stop(0);
        }
        eventSources.values().forEach(SqsEventSource::close);
        functions.values().forEach(LocalFunction::close);
        if (queues != null) {
            queues.close();
        }
        if (daily != null) {
            daily.close();
        }
        if (secrets != null) {
            secrets.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }
}
