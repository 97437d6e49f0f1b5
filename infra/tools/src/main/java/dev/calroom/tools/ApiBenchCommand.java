package dev.calroom.tools;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.domain.Room;
import dev.calroom.domain.SyncState;
import dev.calroom.dynamodb.CalroomTable;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.domain.VideoRoomName;
import dev.calroom.tools.bench.CountingEndpoint;
import dev.calroom.tools.local.ColdStart;
import dev.calroom.tools.local.DevIssuer;
import dev.calroom.tools.local.LocalStack;
import dev.calroom.tools.local.RuntimeClientProcess;
import dev.calroom.webhooks.WebhookSignature;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code calroom bench api}: the deployment artifact's size; cold start as Lambda sees it without SnapStart (a fresh
 * JVM per sample loads an API handler and serves one list-meetings request against DynamoDB Local, against a
 * minimal handler measured the same way); the local stack's start time; warm API latency under open-loop load from
 * a second process. Prints figures; asserts nothing.
 */
final class ApiBenchCommand {

    private static final int COLD_SAMPLES = 7;
    private static final int WARMUP_SECONDS = 15;
    /** Seconds a measuring load process sends the same load first, unmeasured, so its own client is warm. */
    private static final int LEAD_IN_SECONDS = 5;

    private ApiBenchCommand() {
    }

    static int run(String[] args, PrintStream out) throws Exception {
        int rps = 200;
        int seconds = 30;
        Set<String> parts = Set.of("stack", "cold", "snapstart", "load");
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rps" -> rps = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--only" -> parts = Set.of(args[i + 1].split(","));
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        Path root = UpCommand.root();
        Path jar = root.resolve("functions/target/calroom-functions-0.1.0-SNAPSHOT-lambda.jar");
        Path toolsClasses = root.resolve("infra/tools/target/classes");
        String java = ProcessHandle.current().info().command().orElse("java");
        out.printf("calroom bench api: %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        out.printf("artifact: %s %.1f MB%n", jar.getFileName(), Files.size(jar) / (1024.0 * 1024.0));

        if (parts.contains("stack")) {
            stackStart(root, java, out);
        }
        if (parts.contains("cold") || parts.contains("snapstart")) {
            coldStart(root, java, jar, toolsClasses, rps, seconds, parts, out);
        }
        if (parts.contains("load")) {
            warmLoad(root, java, toolsClasses, rps, seconds, out);
        }
        return 0;
    }

    private static void stackStart(Path root, String java, PrintStream out) throws Exception {
        List<Long> samples = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            int port = freePort();
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED", "-Dcalroom.root=" + root,
                    "-cp", System.getProperty("java.class.path"), "dev.calroom.tools.Calroom", "up", "--in-memory",
                    "--port", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                while (true) {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + port + "/_local/health")).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            break;
                        }
                    } catch (IOException e) {
                        Thread.sleep(20);
                    }
                    if (System.nanoTime() - t0 > Duration.ofSeconds(60).toNanos()) {
                        throw new IllegalStateException("the local stack did not start in 60 s");
                    }
                }
                samples.add((System.nanoTime() - t0) / 1_000_000);
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
        out.printf("local stack start (process start to /_local/health, in memory): median %d ms %s%n",
                median(samples), samples);
    }

    private static void coldStart(Path root, String java, Path jar, Path toolsClasses, int rps, int seconds,
                                  Set<String> parts, PrintStream out) throws Exception {
        int port = freePort();
        DynamoDBProxyServer dynamo = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-port", Integer.toString(port)});
        dynamo.start();
        String endpoint = "http://127.0.0.1:" + port;
        try (DynamoDbClient db = DynamoDbClient.builder().endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            db.createTable(CalroomTable.definition("calroom"));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            new DynamoRoomStore(db, "calroom").create(new Room("bench", "owner", false, now, null,
                    SyncState.never(now)));
            DynamoMeetingStore meetings = new DynamoMeetingStore(db, "calroom");
            for (int i = 0; i < 20; i++) {
                Instant s = now.plus(Duration.ofMinutes(30L * i + 10));
                meetings.create(Meeting.calendar(new MeetingSlot(s, s.plus(Duration.ofMinutes(30))).id(), "bench",
                        "Meeting " + i, s, s.plus(Duration.ofMinutes(30)), Set.of("u" + i + "\u001f-"), null, null,
                        List.of()));
            }
            if (parts.contains("snapstart")) {
                snapStart(java, jar, toolsClasses, endpoint, now, out);
            }
            if (!parts.contains("cold")) {
                return;
            }
            coldStarts(root, toolsClasses, out);
            out.printf("  where the init goes (one fresh JVM): %s%n", breakdown(java, jar, toolsClasses, endpoint));
            storeLoad(meetings, rps, 10);
            out.printf("store read of list meetings (one Query: the room and its meetings), in-process at %d/s for "
                    + "%d s against DynamoDB Local:%n  %s%n", rps, seconds, storeLoad(meetings, rps, seconds));
        } finally {
            dynamo.stop();
        }
    }

    /**
     * SnapStart's first request: each API function in a fresh JVM, primed as its CRaC resource primes it, then one
     * real request; the classes loaded during that request (from {@code -Xlog:class+load}, between the probe's marker
     * classes) and the network calls it made (every endpoint the function knows is this bench's counting server:
     * DynamoDB through it to DynamoDB Local, the issuer's keys, Daily).
     */
    private static void snapStart(String java, Path jar, Path toolsClasses, String dynamoEndpoint, Instant now,
                                  PrintStream out) throws Exception {
        DevIssuer issuer = DevIssuer.open(null);
        String owner = "Authorization: Bearer " + issuer.token("owner", "owner@example.com", null);
        String meetingId = new MeetingSlot(now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(40))).id();
        String webhookSecret = Base64.getEncoder().encodeToString("bench-webhook-secret".getBytes(
                StandardCharsets.UTF_8));
        String timestamp = Long.toString(now.getEpochSecond());
        String webhook = "{\"version\":\"1.0.0\",\"type\":\"participant.joined\",\"id\":\"bench-1\",\"payload\":"
                + "{\"room\":\"" + VideoRoomName.of("cr", "bench", meetingId) + "\",\"session_id\":\"s-1\","
                + "\"user_id\":\"u-1\",\"joined_at\":" + now.getEpochSecond() + "},\"event_ts\":"
                + now.getEpochSecond() + "}";
        String signature = new WebhookSignature(() -> webhookSecret).sign(timestamp,
                webhook.getBytes(StandardCharsets.UTF_8));
        try (CountingEndpoint counting = new CountingEndpoint(dynamoEndpoint, issuer.jwks())) {
            out.println("SnapStart first request (fresh JVM, init, the CRaC resource's priming, then one real request;"
                    + " what the request loaded and called):");
            String[][] requests = {
                {"dev.calroom.handler.MeetingsHandler", "GET", "/v1/rooms/{room}/meetings", "/v1/rooms/bench/meetings",
                    "room=bench", "-", "-"},
                {"dev.calroom.handler.RoomsHandler", "GET", "/v1/rooms/{room}", "/v1/rooms/bench", "room=bench", owner,
                    "-"},
                {"dev.calroom.handler.FeedHandler", "GET", "/v1/rooms/{room}/ics/status", "/v1/rooms/bench/ics/status",
                    "room=bench", owner, "-"},
                {"dev.calroom.handler.DailyWebhookHandler", "POST", "/v1/webhooks/daily", "/v1/webhooks/daily", "-",
                    "content-type: application/json\nx-webhook-timestamp: " + timestamp + "\nx-webhook-signature: "
                        + signature, webhook},
                {"dev.calroom.handler.WebHandler", "GET", "/{room}", "/bench", "room=bench", "-", "-"},
            };
            for (String[] r : requests) {
                out.println("  " + firstRequest(java, jar, toolsClasses, counting, webhookSecret, r));
            }
        }
    }

    private static String firstRequest(String java, Path jar, Path toolsClasses, CountingEndpoint counting,
                                       String webhookSecret, String[] r) throws Exception {
        Path classLog = Files.createTempFile("calroom-snapstart", ".log");
        try {
            Map<String, String> env = new java.util.LinkedHashMap<>();
            env.put("TABLE_NAME", "calroom");
            env.put("AWS_ENDPOINT_URL_DYNAMODB", counting.url());
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            env.put("PUBLIC_BASE_URL", "https://rooms.example.com");
            env.put("OIDC_ISSUER", DevIssuer.ISSUER);
            env.put("OIDC_AUDIENCE", DevIssuer.AUDIENCE);
            env.put("OIDC_JWKS_URL", counting.url() + "/jwks.json");
            env.put("DAILY_API_URL", counting.url() + "/daily");
            env.put("DAILY_API_KEY", "unused");
            env.put("DAILY_WEBHOOK_SECRET", webhookSecret);
            Map<String, String> params = new java.util.HashMap<>();
            if (!r[4].equals("-")) {
                for (String kv : r[4].split(",")) {
                    params.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            headers.put("user-agent", List.of("calroom-bench"));
            if (!r[5].equals("-")) {
                for (String kv : r[5].split("\n")) {
                    headers.put(kv.substring(0, kv.indexOf(':')).trim(), List.of(kv.substring(kv.indexOf(':') + 1)
                            .trim()));
                }
            }
            String name = r[0].substring(r[0].lastIndexOf('.') + 1) + " " + r[1] + " " + r[2];
            counting.reset();
            LocalStack.GatewayResponse response;
            long took;
            try (RuntimeClientProcess fn = RuntimeClientProcess.start(java, List.of("-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Xlog:class+load=info:file=" + classLog + ":none"),
                    List.of(jar, toolsClasses), "dev.calroom.tools.bench.SnapStartProbe",
                    List.of(r[0], counting.url()), r[0] + "::handleRequest", env)) {
                BufferedReader output = new BufferedReader(new InputStreamReader(
                        fn.process().getInputStream(), StandardCharsets.UTF_8));
                Writer input = new OutputStreamWriter(fn.process().getOutputStream(),
                        StandardCharsets.UTF_8);
                fn.awaitInit(Duration.ofSeconds(10));
                input.write("prime\n");
                input.flush();
                awaitLine(output, "PRIMED");
                long t0 = System.nanoTime();
                response = fn.invoke(r[1], r[1] + " " + r[2], r[3], params, headers, r[6].equals("-") ? null : r[6],
                        Duration.ofSeconds(15));
                took = System.nanoTime() - t0;
                input.write("done\n");
                input.flush();
                awaitLine(output, "PROBE-DONE");
                fn.process().waitFor(10, TimeUnit.SECONDS);
            }
            List<String> loaded = new ArrayList<>();
            boolean inside = false;
            for (String line : Files.readAllLines(classLog)) {
                String cls = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
                if (cls.endsWith("SnapStartProbe$RequestStarts")) {
                    inside = true;
                } else if (cls.endsWith("SnapStartProbe$RequestEnded")) {
                    inside = false;
                } else if (inside) {
                    loaded.add(cls);
                }
            }
            Map<String, Long> request = counting.calls("request");
            Map<String, Long> byLibrary = new java.util.TreeMap<>();
            for (String cls : loaded) {
                byLibrary.merge(library(cls), 1L, Long::sum);
            }
            return String.format("%s: status %s, %.1f ms; classes loaded during the request: %d%s%s; network calls "
                            + "during the request: %s (init and priming made %s)", name,
                    response.status(), took / 1e6, loaded.size(),
                    loaded.isEmpty() ? "" : " " + byLibrary, loaded.isEmpty() || loaded.size() > 12 ? ""
                            : " " + loaded, request.isEmpty() ? "none" : request, counting.calls("priming"));
        } finally {
            Files.deleteIfExists(classLog);
        }
    }

    /** Reads the function's output up to a line; the function's own log lines before it pass by. */
    private static void awaitLine(BufferedReader output, String expected) throws IOException {
        String line;
        while ((line = output.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new IllegalStateException("the probe ended before " + expected);
    }

    private static String library(String className) {
        if (className.startsWith("software.amazon.awssdk.")) {
            return "AWS SDK";
        }
        if (className.startsWith("com.fasterxml.jackson.")) {
            return "Jackson";
        }
        if (className.startsWith("com.amazonaws.services.lambda.runtime.")
                || className.startsWith("com.amazonaws.lambda.thirdparty.")) {
            return "runtime client";
        }
        if (className.startsWith("com.nimbusds.")) {
            return "Nimbus JOSE";
        }
        if (className.startsWith("dev.calroom.")) {
            return "calroom";
        }
        if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("sun.")
                || className.startsWith("jdk.")) {
            return "JDK";
        }
        return "other";
    }

    /** The list-meetings store read at a fixed rate in this process, timed from each scheduled start. */
    private static String storeLoad(DynamoMeetingStore meetings, int rps, int seconds) throws Exception {
        int total = rps * seconds;
        long[] latencies = new long[total];
        long interval = 1_000_000_000L / rps;
        long start = System.nanoTime() + 10_000_000L;
        List<java.util.concurrent.Future<?>> pending = new ArrayList<>(total);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int index = i;
                pending.add(pool.submit(() -> {
                    Instant now = Instant.now();
                    meetings.roomWithMeetingsStartingBetween("bench", now.minus(Duration.ofDays(2)),
                            now.plus(Duration.ofDays(1)));
                    latencies[index] = System.nanoTime() - due;
                }));
            }
            for (var f : pending) {
                f.get();
            }
        }
        java.util.Arrays.sort(latencies);
        return String.format("requests=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f", total, latencies[total / 2] / 1e6,
                latencies[(int) (total * 0.9)] / 1e6, latencies[(int) (total * 0.99)] / 1e6,
                latencies[total - 1] / 1e6);
    }

    private static String breakdown(String java, Path jar, Path toolsClasses, String endpoint) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                jar + File.pathSeparator + toolsClasses, "dev.calroom.tools.bench.ColdStartProbe",
                Long.toString(System.currentTimeMillis()));
        pb.environment().put("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
        pb.environment().put("AWS_REGION", "us-east-1");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : text.split("\n")) {
            if (line.startsWith("PROBE ")) {
                return line.substring(6).replace("=", " ").replaceAll("(\\d+)", "$1 ms");
            }
        }
        return "probe failed";
    }

    /** What a benchmark does with a local stack holding room "bench" and one unscheduled meeting (its id). */
    private interface BenchRoomWork<T> {
        T run(LocalStack stack, String meetingId) throws Exception;
    }

    /**
     * Runs {@code work} on a local stack (in memory) holding an unlocked room "bench" with one unscheduled meeting.
     * The functions' log lines, and this JVM's, are discarded meanwhile: the figures are of the API, not of a
     * terminal.
     */
    private static <T> T onBenchRoom(Path root, BenchRoomWork<T> work) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        PrintStream stdout = System.out;
        System.setOut(quiet);
        dev.calroom.support.Log.to(quiet);
        try (LocalStack stack = new LocalStack(new LocalStack.Options(0, true, false, null,
                root.resolve("template.yaml")), quiet).start()) {
            String token = stack.issuer().token("bench-owner", "owner@example.com", null);
            stack.dispatch("POST", "/v1/rooms", Map.of("authorization", "Bearer " + token,
                    "content-type", "application/json"), "{\"name\":\"bench\"}");
            String created = stack.dispatch("POST", "/v1/rooms/bench/meetings", Map.of("content-type",
                    "application/json"), "{\"title\":\"Bench\"}").body();
            return work.run(stack, created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
        } finally {
            System.setOut(stdout);
            dev.calroom.support.Log.to(stdout);
        }
    }

    /**
     * Cold starts without SnapStart, as the local stack runs every function: a fresh JVM with Lambda's on-demand
     * options and the template's environment, AWS's runtime interface client, the gateway's event for one
     * list-meetings request; against a minimal handler started and fed the same way.
     */
    private static void coldStarts(Path root, Path toolsClasses, PrintStream out) throws Exception {
        List<Long> api = new ArrayList<>();
        List<Long> apiInit = new ArrayList<>();
        List<Long> minimal = new ArrayList<>();
        List<Long> minimalInit = new ArrayList<>();
        onBenchRoom(root, (stack, meetingId) -> {
            for (int i = 0; i < COLD_SAMPLES + 1; i++) {
                ColdStart a = stack.coldStart("MeetingsFunction", "GET", "/v1/rooms/bench/meetings", Map.of());
                ColdStart m = stack.coldStartOf("dev.calroom.tools.bench.MinimalHandler", toolsClasses, "GET",
                        "/v1/rooms/bench/meetings");
                if (a.status() != 200 || m.status() != 200) {
                    throw new IllegalStateException("cold start answered " + a + " and " + m);
                }
                if (i == 0) {
                    continue; // the first spawn warms the file cache
                }
                api.add(a.totalMillis());
                apiInit.add(a.initMillis());
                minimal.add(m.totalMillis());
                minimalInit.add(m.initMillis());
            }
            return null;
        });
        long ma = median(api);
        long mm = median(minimal);
        out.printf("cold start without SnapStart, JVM spawn to list-meetings response through the runtime interface "
                + "client, %d samples:%n", COLD_SAMPLES);
        out.printf("  MeetingsFunction: median %d ms (init %d ms) %s%n", ma, median(apiInit), api);
        out.printf("  minimal handler:  median %d ms (init %d ms) %s%n", mm, median(minimalInit), minimal);
        out.printf("  ratio %.2fx, init %d ms over the minimal handler's%n", (double) ma / mm,
                median(apiInit) - median(minimalInit));
    }

    private static void warmLoad(Path root, String java, Path toolsClasses, int rps, int seconds, PrintStream out)
            throws Exception {
        String[] figures = onBenchRoom(root, (stack, meetingId) -> {
            String list = stack.baseUrl() + "/v1/rooms/bench/meetings";
            String join = stack.baseUrl() + "/v1/rooms/bench/meetings/" + meetingId + "/join";
            // The noise floor: a route that touches neither DynamoDB nor Daily, through the same gateway and runtime.
            String trivial = stack.baseUrl() + "/config.json";
            String joinBody = "{\"displayName\":\"Load\"}";
            // Warm-up: every route under the same load in turn, unmeasured, before any is measured. The functions'
            // environments scale out, the JIT compiles the gateway's, DynamoDB Local's and the functions' paths,
            // and the young JVMs' first collections pass, whichever route brings them.
            load(java, toolsClasses, "GET", trivial, "-", rps, WARMUP_SECONDS, 0);
            load(java, toolsClasses, "GET", list, "-", rps, WARMUP_SECONDS, 0);
            load(java, toolsClasses, "POST", join, joinBody, rps, WARMUP_SECONDS, 0);
            return new String[] {
                    measured(stack, "WebFunction", java, toolsClasses, "GET", trivial, "-", rps, seconds),
                    measured(stack, "MeetingsFunction", java, toolsClasses, "GET", list, "-", rps, seconds),
                    measured(stack, "MeetingsFunction", java, toolsClasses, "POST", join, joinBody, rps, seconds)};
        });
        out.printf("warm API under load (%d req/s for %d s; before any is measured, each route %d s under the same "
                + "load; from a second process, loopback, DynamoDB Local, Daily emulator; environments started while "
                + "measuring, including the load process's own %d s lead-in):%n  trivial route (GET /config.json, the "
                + "noise floor): %s%n  list meetings: %s%n  join:          %s%n", rps, seconds, WARMUP_SECONDS,
                LEAD_IN_SECONDS, figures[0], figures[1], figures[2]);
    }

    /** One measured load run of a route; adds how many environments of its function started meanwhile. */
    private static String measured(LocalStack stack, String function, String java, Path toolsClasses, String method,
                                   String url, String body, int rps, int seconds) throws Exception {
        int before = stack.coldStartsOf(function);
        String figures = load(java, toolsClasses, method, url, body, rps, seconds, LEAD_IN_SECONDS);
        return figures + " environments-started=" + (stack.coldStartsOf(function) - before);
    }

    private static String load(String java, Path toolsClasses, String method, String url, String body, int rps,
                               int seconds, int leadInSeconds) throws Exception {
        Process p = new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", toolsClasses.toString(),
                "dev.calroom.tools.bench.LoadProbe", method, url, body, Integer.toString(rps), Integer.toString(seconds),
                Integer.toString(leadInSeconds)).redirectErrorStream(true).start();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        p.getInputStream().transferTo(buf);
        p.waitFor();
        for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("LOAD ")) {
                return line.substring(5).trim();
            }
        }
        throw new IllegalStateException("load probe failed: " + buf);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
