package dev.calroom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MatchMode;
import dev.calroom.domain.MeetingKeyMode;
import dev.calroom.domain.Room;
import dev.calroom.domain.SyncState;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.sqs.SyncMessages;
import dev.calroom.sync.QueuedSync;
import dev.calroom.tools.bench.FeedFarm;
import dev.calroom.tools.local.LocalStack;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code calroom bench sync}: N rooms whose feeds a loopback farm serves (0.3-2 s latency, a few percent of errors
 * and hangs), synced through the local stack as on AWS: the every-minute dispatcher, the SQS queue (ElasticMQ), the
 * sync worker's event source and its function environments (each its own JVM), DynamoDB Local. Two rounds: every
 * feed new (each room's first sync), then every feed unchanged (304). Rooms fall due spread over
 * {@code --spread-seconds}, once per round (their interval is an hour). A few duplicate messages are injected, as SQS's at-least-once delivery sends them.
 * Prints rooms synced per minute, lag from due to synced, duplicate syncs prevented and DynamoDB requests per room
 * sync. Asserts nothing.
 */
final class SyncBenchCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncBenchCommand() {
    }

    static int run(String[] args, PrintStream out) throws Exception {
        int rooms = 1000;
        int spreadSeconds = 60;
        double duplicates = 0.05;
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rooms" -> rooms = Integer.parseInt(args[i + 1]);
                case "--spread-seconds" -> spreadSeconds = Integer.parseInt(args[i + 1]);
                case "--duplicates" -> duplicates = Double.parseDouble(args[i + 1]);
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        Path root = UpCommand.root();
        WorkerLog log = new WorkerLog();
        Path data = Files.createTempDirectory("calroom-bench-sync");
        try (FeedFarm farm = new FeedFarm(rooms, 0.03, 0.01, 25_000);
             LocalStack stack = new LocalStack(new LocalStack.Options(0, true, false, data,
                     root.resolve("template.yaml")), new PrintStream(log, true, StandardCharsets.UTF_8)).start()) {
            // The benchmark's own DynamoDB requests by operation, subtracted from what the stack's DynamoDB served.
            Map<String, AtomicLong> own = new java.util.concurrent.ConcurrentHashMap<>();
            DynamoDbClient db = DynamoDbClient.builder().endpointOverride(URI.create(stack.dynamoUrl()))
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l")))
                    .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                        @Override
                        public void beforeTransmission(Context.BeforeTransmission context,
                                                       ExecutionAttributes attributes) {
                            String op = context.request().getClass().getSimpleName().replace("Request", "");
                            own.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
                        }
                    })).build();
            DynamoRoomStore store = new DynamoRoomStore(db, LocalStack.TABLE);
            out.printf("calroom bench sync: %d rooms due over %d s, %d cores, %s%n", rooms, spreadSeconds,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
            out.printf("feed farm: latency 0.3-2 s, %d feeds answer 500, %d hang past the fetch deadline%n",
                    count(rooms, farm::failing), count(rooms, farm::hanging));
            out.printf("local stack: dispatcher every minute (inline up to %s rooms), worker batch %s, "
                    + "%d worker environments (JVMs)%n", stack.environmentOf("IcsSyncFunction")
                    .get("SYNC_INLINE_MAX_ROOMS"), "25", LocalStack.environmentsPerFunction());
            Snapshot first = Snapshot.take(stack, own, farm, log, rooms);
            Instant t0 = Instant.now().plusSeconds(5);
            for (int i = 0; i < rooms; i++) {
                Instant due = t0.plusMillis((long) i * spreadSeconds * 1000 / rooms);
                // An hour's interval: each room syncs once per round, however long the round takes.
                store.create(new Room(name(i), "bench", false, t0, new IcsConfig(farm.url(i), true, 60,
                        MatchMode.ALL, null, MeetingKeyMode.SLOT), SyncState.never(due)));
            }
            round("first sync (every feed new)", first, rooms, spreadSeconds, t0, duplicates, stack, store, db, farm,
                    log, own, out);
            Snapshot second = Snapshot.take(stack, own, farm, log, rooms);
            Instant t1 = Instant.now().plusSeconds(5);
            for (int i = 0; i < rooms; i++) {
                Instant due = t1.plusMillis((long) i * spreadSeconds * 1000 / rooms);
                String room = name(i);
                db.updateItem(b -> b.tableName(LocalStack.TABLE).key(key(room))
                        .updateExpression("SET #next = :due").expressionAttributeNames(Map.of("#next", "nextSyncAt"))
                        .expressionAttributeValues(Map.of(":due", AttributeValue.fromS(
                                dev.calroom.support.Times.sortable(due)))));
            }
            round("second sync (every feed unchanged)", second, rooms, spreadSeconds, t1, duplicates, stack, store,
                    db, farm, log, own, out);
            return 0;
        }
    }

    /**
     * Counters before a round, taken before its rooms are created or reset: the every-minute schedule may dispatch
     * them at once.
     */
    private record Snapshot(int[] feedRequests, Map<String, Long> ops, Map<String, Long> own, long[] log) {
        static Snapshot take(LocalStack stack, Map<String, AtomicLong> own, FeedFarm farm, WorkerLog log,
                             int rooms) {
            int[] before = new int[rooms];
            for (int i = 0; i < rooms; i++) {
                before[i] = farm.requests(i);
            }
            Map<String, Long> mine = new HashMap<>();
            own.forEach((k, v) -> mine.put(k, v.get()));
            return new Snapshot(before, stack.dynamoRequests(), mine, log.totals());
        }
    }

    /** One round: every room falls due once between {@code t0} and {@code t0 + spread}; waits until all synced. */
    private static void round(String title, Snapshot snapshot, int rooms, int spreadSeconds, Instant t0,
                              double duplicates, LocalStack stack, DynamoRoomStore store, DynamoDbClient db,
                              FeedFarm farm, WorkerLog log, Map<String, AtomicLong> own, PrintStream out)
            throws Exception {
        int[] before = snapshot.feedRequests();
        long[] logBefore = snapshot.log();
        // The dispatch the schedule's previous run would have made for rooms due in the coming minute.
        stack.invoke("IcsSyncFunction");
        int injected = injectDuplicates(rooms, spreadSeconds, t0, duplicates, stack, store);
        Instant deadline = t0.plusSeconds(spreadSeconds + 900L);
        Map<String, long[]> done = Map.of();
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(5_000);
            int requested = 0;
            for (int i = 0; i < rooms; i++) {
                requested += farm.requests(i) > before[i] ? 1 : 0;
            }
            if (requested < rooms) {
                continue;
            }
            done = finished(db, t0);
            if (done.size() >= rooms) {
                break;
            }
        }
        Thread.sleep(2_000);
        Map<String, Long> ops = new java.util.TreeMap<>();
        stack.dynamoRequests().forEach((op, n) -> {
            long mine = own.containsKey(op) ? own.get(op).get() - snapshot.own().getOrDefault(op, 0L) : 0;
            long d = n - snapshot.ops().getOrDefault(op, 0L) - mine;
            if (d > 0) {
                ops.put(op, d);
            }
        });
        long dynamo = total(ops);
        long[] logAfter = log.totals();
        List<Long> lags = new ArrayList<>();
        long lastFinish = 0;
        int errors = 0;
        for (int i = 0; i < rooms; i++) {
            long[] f = done.get(name(i));
            if (f == null) {
                continue;
            }
            long due = t0.toEpochMilli() + (long) i * spreadSeconds * 1000 / rooms;
            lags.add(Math.max(0, f[0] - due));
            lastFinish = Math.max(lastFinish, f[0]);
            errors += (int) f[1];
        }
        Collections.sort(lags);
        int extraFetches = 0;
        for (int i = 0; i < rooms; i++) {
            extraFetches += Math.max(0, farm.requests(i) - before[i] - 1);
        }
        double minutes = Math.max(1, lastFinish - t0.toEpochMilli()) / 60_000.0;
        int environments = LocalStack.environmentsPerFunction();
        out.printf("%n%s%n", title);
        out.printf("  rooms synced          %d of %d (%d recorded a feed error: the farm's failing and hanging feeds)%n",
                lags.size(), rooms, errors);
        out.printf("  offered               %.0f rooms/min (due over %d s)%n", rooms * 60.0 / spreadSeconds,
                spreadSeconds);
        out.printf("  synced                %.0f rooms/min in total, %.0f per worker environment (%d), "
                + "last sync done %.1f s after the first was due%n", lags.size() / minutes,
                lags.size() / minutes / environments, environments, minutes * 60);
        out.printf("  lag due -> synced     p50 %.1f s, p99 %.1f s, max %.1f s%n", pct(lags, 0.50) / 1000.0,
                pct(lags, 0.99) / 1000.0, lags.isEmpty() ? 0 : lags.get(lags.size() - 1) / 1000.0);
        out.printf("  duplicates            %d injected; %d deliveries claimed nothing (skipped), %d extra fetches%n",
                injected, logAfter[2] - logBefore[2], extraFetches);
        out.printf("  worker batches        %d rooms synced, %d errors recorded, %d batch item failures%n",
                logAfter[0] - logBefore[0], logAfter[1] - logBefore[1], logAfter[3] - logBefore[3]);
        out.printf("  DynamoDB requests     %.1f per room sync (dispatch, claim, reads, writes; %d in all)%n",
                lags.isEmpty() ? 0 : dynamo / (double) lags.size(), dynamo);
        StringBuilder byOp = new StringBuilder();
        ops.forEach((op, n) -> byOp.append(byOp.isEmpty() ? "" : ", ").append(op).append(' ')
                .append(String.format("%.2f", lags.isEmpty() ? 0 : n / (double) lags.size())));
        out.printf("  DynamoDB by operation %s per room sync%n", byOp);
        out.printf("  feed requests         %d (%d answered 304)%n", farm.totalRequests(), farm.notModified());
    }

    /** Sends a copy of the dispatched message of every k-th room due in the first minute, as SQS may. */
    private static int injectDuplicates(int rooms, int spreadSeconds, Instant t0, double share, LocalStack stack,
                                        DynamoRoomStore store) {
        if (share <= 0) {
            return 0;
        }
        int every = (int) Math.max(1, Math.round(1 / share));
        int firstMinute = (int) Math.min(rooms, (long) rooms * 60 / Math.max(1, spreadSeconds));
        int injected = 0;
        for (int i = 0; i < firstMinute; i += every) {
            Instant due = t0.plusMillis((long) i * spreadSeconds * 1000 / rooms);
            Room room = store.get(name(i)).orElseThrow();
            Instant mark = room.sync().nextSyncAt();
            // Only a room still carrying its dispatch mark (15 minutes ahead; a synced room's next sync is an hour
            // ahead): a copy of the message SQS delivered, not one made up after the sync.
            if (mark == null || !mark.isAfter(due.plusSeconds(60)) || mark.isAfter(due.plus(Duration.ofMinutes(20)))) {
                continue;
            }
            String body = SyncMessages.write(new QueuedSync(name(i), due, mark, Duration.ZERO));
            int delay = (int) Math.max(0, Duration.between(Instant.now(), due).toSeconds());
            stack.sqs().sendMessage(b -> b.queueUrl(stack.queueUrl("SyncQueue")).messageBody(body)
                    .delaySeconds(delay));
            injected++;
        }
        return injected;
    }

    /** Rooms whose sync since {@code since} finished: name to (finish epoch ms, 1 when it recorded an error). */
    private static Map<String, long[]> finished(DynamoDbClient db, Instant since) {
        Map<String, long[]> out = new HashMap<>();
        String from = dev.calroom.support.Times.sortable(since.minusSeconds(1));
        db.scanPaginator(b -> b.tableName(LocalStack.TABLE)
                .filterExpression("#t = :room AND #la >= :from AND attribute_exists(#d) AND attribute_not_exists(#lo)")
                .expressionAttributeValues(Map.of(":room", AttributeValue.fromS("room"), ":from",
                        AttributeValue.fromS(from)))
                .projectionExpression("#n, #la, #d, #st")
                .expressionAttributeNames(Map.of("#t", "type", "#la", "lastAttemptAt", "#d", "syncDurationMs",
                        "#lo", "leaseOwner", "#n", "name", "#st", "syncStatus"))).items().forEach(item -> {
                            long start = Instant.parse(item.get("lastAttemptAt").s()).toEpochMilli();
                            long took = Long.parseLong(item.get("syncDurationMs").n());
                            boolean error = item.containsKey("syncStatus") && item.get("syncStatus").s()
                                    .equals("error");
                            out.put(item.get("name").s(), new long[] {start + took, error ? 1 : 0});
                        });
        return out;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** The local stack's log, read for the sync worker's batch summaries. */
    static final class WorkerLog extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final long[] totals = new long[4];

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                line.reset();
                int json = s.indexOf("] {");
                if (s.startsWith("[SyncWorkerFunction]") && s.contains("\"sync batch done\"") && json > 0) {
                    try {
                        JsonNode n = JSON.readTree(s.substring(json + 2));
                        totals[0] += n.path("synced").asLong();
                        totals[1] += n.path("errors").asLong();
                        totals[2] += n.path("skipped").asLong();
                        totals[3] += n.path("failed").asLong();
                    } catch (java.io.IOException e) {
                        // not a log line of ours
                    }
                }
            } else {
                line.write(b);
            }
        }

        synchronized long[] totals() {
            return totals.clone();
        }
    }

    private static int count(int n, java.util.function.IntPredicate p) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            c += p.test(i) ? 1 : 0;
        }
        return c;
    }

    static String name(int i) {
        return "bench-" + i;
    }

    private static Map<String, AttributeValue> key(String room) {
        return Map.of("pk", AttributeValue.fromS("ROOM#" + room), "sk", AttributeValue.fromS("ROOM"));
    }
}
