package dev.calroom.tools.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open-loop load generator, run as its own process: sends requests at a fixed rate and measures each from its
 * scheduled send time (so a slow server cannot hide its queueing), then prints percentiles.
 * Arguments: method, url, body ("-" for none), requests per second, seconds, and optionally seconds of the same
 * load to send first, unmeasured.
 */
public final class LoadProbe {

    private LoadProbe() {
    }

    public static void main(String[] args) throws Exception {
        String method = args[0];
        URI url = URI.create(args[1]);
        String body = args[2].equals("-") ? null : args[2];
        int rps = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int warmupSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        if (warmupSeconds > 0) {
            // The same load first, unmeasured: this process's own JIT and connections are warm when measuring starts.
            run(http, method, url, body, rps, warmupSeconds);
        }
        long[] latencies = new long[rps * seconds];
        int errors = run(http, method, url, body, rps, seconds, latencies);
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf("LOAD requests=%d errors=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f%n", latencies.length, errors,
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static void run(HttpClient http, String method, URI url, String body, int rps, int seconds)
            throws Exception {
        run(http, method, url, body, rps, seconds, new long[rps * seconds]);
    }

    /** Sends rps * seconds requests on schedule; fills each latency from its scheduled time; answers the errors. */
    private static int run(HttpClient http, String method, URI url, String body, int rps, int seconds,
                           long[] latencies) throws Exception {
        int total = rps * seconds;
        AtomicInteger errors = new AtomicInteger();
        long intervalNanos = 1_000_000_000L / rps;
        long start = System.nanoTime() + 50_000_000L;
        List<java.util.concurrent.Future<?>> pending = new ArrayList<>(total);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int index = i;
                pending.add(pool.submit(() -> {
                    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json");
                    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
                    try {
                        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() >= 300) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[index] = System.nanoTime() - due;
                }));
            }
            for (var f : pending) {
                f.get();
            }
        }
        return errors.get();
    }

    private static double ms(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
