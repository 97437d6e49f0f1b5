package dev.calroom.tools;

import dev.calroom.tools.bench.PeerReaders;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.calroom.domain.CalendarEvent;
import dev.calroom.domain.EventStatus;
import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MatchMode;
import dev.calroom.domain.MeetingKeyMode;
import dev.calroom.domain.Room;
import dev.calroom.domain.SyncState;
import dev.calroom.dynamodb.CalroomTable;
import dev.calroom.dynamodb.DynamoEventStore;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.dynamodb.RequestCounter;
import dev.calroom.ics.FeedReadResult;
import dev.calroom.ics.FeedReader;
import dev.calroom.sync.FeedSource;
import dev.calroom.sync.FetchResult;
import dev.calroom.sync.RoomSyncService;
import dev.calroom.sync.SyncReport;
import dev.calroom.sync.SyncSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code calroom bench}: parse+expand time and allocation on generated 1k/10k/50k-event feeds over a 25-hour window,
 * a whole {@code preview} process on the 10k feed, and the DynamoDB requests of a first and an unchanged sync
 * against DynamoDB Local. Prints figures; asserts nothing.
 */
final class BenchCommand {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final String ROOM_URL = "https://rooms.example/bench";

    private BenchCommand() {
    }

    static int run(String[] args, PrintStream out) throws Exception {
        out.printf("calroom bench: %d cores, max heap %d MB, %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), System.getProperty("java.vm.version"));
        Instant from = NOW.minus(Duration.ofHours(1));
        Instant to = NOW.plus(Duration.ofHours(24));
        java.util.Map<Integer, Path> files = new java.util.LinkedHashMap<>();
        for (int n : new int[] {1_000, 10_000, 50_000}) {
            Path file = Files.createTempFile("calroom-bench-" + n, ".ics");
            // calroom reads the feed's bytes, as fetched; the peers get it as text after calroom is measured, so
            // that a second copy of the feed does not sit in the heap while calroom reads.
            Files.writeString(file, FeedGenerator.generate(n, NOW, ROOM_URL));
            files.put(n, file);
            byte[] bytes = Files.readAllBytes(file);
            FeedReader reader = new FeedReader();
            long firstNs = System.nanoTime();
            FeedReadResult r = reader.read(bytes, from, to, null);
            long first = System.nanoTime() - firstNs;
            // Warm: at least 10 reads and 2 s of them (a small feed needs many reads before the JIT is done with it).
            long warmUntil = System.nanoTime() + 2_000_000_000L;
            for (int i = 0; i < 10 || System.nanoTime() < warmUntil && i < 2_000; i++) {
                reader.read(bytes, from, to, null);
            }
            long[] samples = new long[15];
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocBefore = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < samples.length; i++) {
                long t0 = System.nanoTime();
                reader.read(bytes, from, to, null);
                samples[i] = System.nanoTime() - t0;
            }
            long alloc = (threads.getCurrentThreadAllocatedBytes() - allocBefore) / samples.length;
            Arrays.sort(samples);
            System.gc();
            long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            out.printf("parse+expand %6d events (%5.1f MB): first %5d ms, warm median %4d ms (min %d, max %d), "
                            + "allocated %d MB per read, heap after GC %d MB; %d occurrences in the window%n",
                    n, bytes.length / 1e6, first / 1_000_000, samples[samples.length / 2] / 1_000_000,
                    samples[0] / 1_000_000, samples[samples.length - 1] / 1_000_000, alloc / (1024 * 1024),
                    used / (1024 * 1024), r.occurrences().size());
            long calroom = samples[samples.length / 2];
            out.printf("  calroom warm: %.0f MB of feed per second%n", bytes.length / 1e6 / (calroom / 1e9));
            peersWarm(new String(bytes, StandardCharsets.UTF_8), from, to, calroom, out);
        }
        for (Map.Entry<Integer, Path> f : files.entrySet()) {
            processes(f.getKey(), f.getValue(), out);
        }
        dynamoRequests(out);
        for (Path f : files.values()) {
            Files.deleteIfExists(f);
        }
        return 0;
    }

    /** The peers on the same feed and window, warm: median of 5 reads after 2 unmeasured ones. */
    private static void peersWarm(String feed, Instant from, Instant to, long calroomNs, PrintStream out)
            throws Exception {
        for (String peer : List.of("ical4j", "biweekly")) {
            long[] t = new long[5];
            int found = 0;
            for (int i = -2; i < t.length; i++) {
                long t0 = System.nanoTime();
                found = peer.equals("ical4j") ? PeerReaders.ical4j(feed, from, to) : PeerReaders.biweekly(feed, from,
                        to);
                if (i >= 0) {
                    t[i] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(t);
            out.printf("  %-8s warm median %5d ms, %d occurrences: calroom %.1fx faster%n", peer,
                    t[t.length / 2] / 1_000_000, found, (double) t[t.length / 2] / calroomNs);
        }
    }

    /**
     * Whole processes, spawn to exit, on one feed: calroom's {@code preview} through its launcher (the way people run
     * it: a jar-only class path and the JDK AOT cache built with the tool) and the peers in plain JVMs with the same
     * options, interleaved (one of each per round, 5 rounds); medians and ratios.
     */
    private static void processes(int events, Path feed, PrintStream out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The peers run with preview's own JVM options (the launcher passes them), on the full class path.
        String options = System.getenv().getOrDefault("CALROOM_PREVIEW_JVM", "-XX:+UseSerialGC "
                + "-XX:TieredStopAtLevel=1 -Dnet.fortuna.ical4j.timezone.cache.impl=net.fortuna.ical4j.util"
                + ".MapTimeZoneCache -Dnet.fortuna.ical4j.timezone.update.enabled=false");
        List<String> jvm = new ArrayList<>(List.of(java));
        jvm.addAll(Arrays.asList(options.trim().split("\\s+")));
        jvm.addAll(List.of("-cp", System.getProperty("java.class.path")));
        String from = NOW.minus(Duration.ofHours(1)).toString();
        String to = NOW.plus(Duration.ofHours(24)).toString();
        Map<String, List<String>> commands = new java.util.LinkedHashMap<>();
        // preview as people run it: the launcher, with its jar-only class path and AOT cache.
        Path launcher = Path.of(System.getProperty("calroom.root", "."), "infra", "calroom");
        commands.put("calroom preview", List.of("bash", launcher.toString(), "preview", "--file", feed.toString(),
                "--from", from, "--to", to));
        commands.put("ical4j", concat(jvm, List.of(PeerReaders.class.getName(), "ical4j", feed.toString(), from,
                to)));
        commands.put("biweekly", concat(jvm, List.of(PeerReaders.class.getName(), "biweekly", feed.toString(), from,
                to)));
        Map<String, long[]> samples = new java.util.LinkedHashMap<>();
        commands.keySet().forEach(k -> samples.put(k, new long[5]));
        for (int round = 0; round < 5; round++) {
            for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(c.getValue()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                int code = p.waitFor();
                samples.get(c.getKey())[round] = System.nanoTime() - t0;
                if (code != 0) {
                    out.println(c.getKey() + " process failed with exit code " + code);
                    return;
                }
            }
        }
        samples.values().forEach(Arrays::sort);
        long calroom = samples.get("calroom preview")[2];
        StringBuilder line = new StringBuilder(String.format("whole process, %d-event feed (spawn to exit, median "
                + "of 5, interleaved): calroom preview %d ms", events, calroom / 1_000_000));
        for (String peer : List.of("ical4j", "biweekly")) {
            long t = samples.get(peer)[2];
            line.append(String.format("; %s %d ms (calroom %.1fx faster)", peer, t / 1_000_000,
                    (double) t / calroom));
        }
        out.println(line);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void dynamoRequests(PrintStream out) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-port", Integer.toString(port)});
        server.start();
        try {
            RequestCounter counter = new RequestCounter();
            DynamoDbClient db = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l")))
                    .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
            db.createTable(CalroomTable.definition("bench"));
            DynamoRoomStore rooms = new DynamoRoomStore(db, "bench");
            byte[] body = FeedGenerator.generate(10_000, NOW, ROOM_URL).getBytes(StandardCharsets.UTF_8);
            FeedSource source = (url, etag, lastModified) -> "\"v1\"".equals(etag) ? new FetchResult.NotModified()
                    : new FetchResult.Body(body, "\"v1\"", null);
            rooms.create(new Room("bench", "owner", false, NOW, new IcsConfig("https://feeds.example/bench.ics", true,
                    5, MatchMode.ROOM_URL, null, MeetingKeyMode.SLOT), SyncState.never(NOW)));
            RoomSyncService sync = new RoomSyncService(rooms, new DynamoEventStore(db, "bench"),
                    new DynamoMeetingStore(db, "bench"), source, new FeedReader(),
                    SyncSettings.defaults("https://rooms.example"), Clock.fixed(NOW, ZoneOffset.UTC));
            // 90 days of history, as earlier syncs leave it: 20 past occurrences a day.
            DynamoEventStore history = new DynamoEventStore(db, "bench");
            for (int day = 1; day <= 90; day++) {
                for (int i = 0; i < 20; i++) {
                    Instant s = NOW.minus(java.time.Duration.ofDays(day)).plus(java.time.Duration.ofMinutes(40L * i));
                    history.put("bench", new CalendarEvent("history-" + day + "-" + i, null, s,
                            s.plus(java.time.Duration.ofMinutes(30)), false, EventStatus.CONFIRMED, "Past", null,
                            ROOM_URL, java.util.List.of(), 0, null, "h" + day + "-" + i, false, null));
                }
            }
            counter.reset();
            long t0 = System.nanoTime();
            SyncReport first = sync.sync("bench");
            long firstMs = (System.nanoTime() - t0) / 1_000_000;
            out.printf("first sync of the 10000-event feed: %s in %d ms, %d events stored, %d meetings; "
                            + "DynamoDB requests %s (%d writes, %d items read)%n", first.status().wire(), firstMs,
                    first.counts().created(), first.counts().meetingsCreated(), counter.byOperation(),
                    counter.writes(), counter.itemsRead());
            counter.reset();
            SyncReport again = new RoomSyncService(rooms, new DynamoEventStore(db, "bench"),
                    new DynamoMeetingStore(db, "bench"), source, new FeedReader(),
                    SyncSettings.defaults("https://rooms.example"),
                    Clock.fixed(NOW, ZoneOffset.UTC)).sync("bench");
            out.printf("unchanged re-sync (304) of a room with 90 days of history (1800 past occurrences): %s; "
                    + "DynamoDB requests %s; %d items read; %d writes, of which %d to events or meetings (the rest: "
                    + "the room's lease claim and recorded result)%n", again.status().wire(), counter.byOperation(),
                    counter.itemsRead(), counter.writes(), counter.byOperation().getOrDefault("PutItem", 0L));
        } finally {
            server.stop();
        }
    }
}
