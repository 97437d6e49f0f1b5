package dev.calroom.tools.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many distinct calendar feeds on loopback, answering as real feed hosts do: each request waits a latency drawn from
 * 0.3-2 s; a fixed few feeds answer 500, a fixed few hang past any fetch deadline. Feeds carry an ETag and answer
 * 304 to it. Requests are counted per feed.
 */
public final class FeedFarm implements AutoCloseable {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final int feeds;
    private final double errorRate;
    private final double timeoutRate;
    private final long hangMillis;
    private final Instant base;
    private final AtomicIntegerArray requests;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();

    public FeedFarm(int feeds, double errorRate, double timeoutRate, long hangMillis) throws IOException {
        this.feeds = feeds;
        this.errorRate = errorRate;
        this.timeoutRate = timeoutRate;
        this.hangMillis = hangMillis;
        this.base = Instant.now().truncatedTo(ChronoUnit.HOURS);
        this.requests = new AtomicIntegerArray(feeds);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/f/", this::serve);
        server.start();
    }

    public String url(int feed) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/f/" + feed + ".ics";
    }

    /** A stable pseudo-random number in [0, 1) for a feed and a salt. */
    static double unit(long feed, long salt) {
        long x = feed * 0x9E3779B97F4A7C15L + salt * 0xC2B2AE3D27D4EB4FL;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return (x >>> 11) / (double) (1L << 53);
    }

    public boolean failing(int feed) {
        return unit(feed, 1) < errorRate;
    }

    public boolean hanging(int feed) {
        return !failing(feed) && unit(feed, 2) < timeoutRate;
    }

    public int requests(int feed) {
        return requests.get(feed);
    }

    public long totalRequests() {
        return total.get();
    }

    public long notModified() {
        return notModified.get();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            int feed;
            try {
                feed = Integer.parseInt(path.substring(3, path.length() - 4));
            } catch (RuntimeException e) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (feed < 0 || feed >= feeds) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            int n = requests.incrementAndGet(feed);
            total.incrementAndGet();
            long latency = 300 + (long) (unit(feed, 1000 + n) * 1700);
            Thread.sleep(hanging(feed) ? hangMillis : latency);
            if (failing(feed)) {
                ex.sendResponseHeaders(500, -1);
                return;
            }
            String etag = "\"v1-" + feed + "\"";
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                ex.getResponseHeaders().set("ETag", etag);
                ex.sendResponseHeaders(304, -1);
                return;
            }
            byte[] body = calendar(feed).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/calendar; charset=utf-8");
            ex.getResponseHeaders().set("ETag", etag);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (a hanging feed past its deadline)
        }
    }

    /** A small feed: a weekly series and two single meetings within the next day. */
    private String calendar(int feed) {
        Instant first = base.plus(2 + feed % 20, ChronoUnit.HOURS);
        StringBuilder sb = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calroom//feed farm//EN\r\n");
        sb.append(event("weekly-" + feed, first, "RRULE:FREQ=WEEKLY;COUNT=20\r\n"));
        sb.append(event("one-" + feed, first.plus(3, ChronoUnit.HOURS), ""));
        sb.append(event("two-" + feed, first.plus(5, ChronoUnit.HOURS), ""));
        return sb.append("END:VCALENDAR\r\n").toString();
    }

    private static String event(String uid, Instant start, String extra) {
        return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:" + UTC.format(start) + "\r\nDTSTART:" + UTC.format(start)
                + "\r\nDTEND:" + UTC.format(start.plus(45, ChronoUnit.MINUTES)) + "\r\n" + extra
                + "SUMMARY:Meeting " + uid + "\r\nEND:VEVENT\r\n";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
