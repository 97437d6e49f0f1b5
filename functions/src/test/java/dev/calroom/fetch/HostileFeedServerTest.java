package dev.calroom.fetch;

import dev.calroom.sync.FetchException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a feed host can misbehave, each with its outcome asserted: a typed failure with a plain-words reason, no
 * Java class name in it, and never a wait past the fetch's one deadline (2 s here).
 */
class HostileFeedServerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** The deadline plus scheduling slack on a loaded 2-core machine; a fetch that ignores the deadline takes 10 s+. */
    private static final long BOUND_MILLIS = DEADLINE.toMillis() + 1_500;
    private static final Pattern JAVA_NAMES = Pattern.compile("Exception|java\\.|javax\\.|[a-z]+\\.[a-z]+\\.[A-Z]");

    private static final HttpFeedFetcher FETCHER = new HttpFeedFetcher(FetchSettings.defaults(true)
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), DEADLINE));

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Fetches from a server running the script; returns the failure, asserting its words and its time. */
    private static FetchException failure(ScriptedHttpServer.Script script, String expectedWords) throws IOException {
        try (ScriptedHttpServer server = new ScriptedHttpServer(script)) {
            long t0 = System.nanoTime();
            FetchException e = assertThrows(FetchException.class, () -> FETCHER.fetch(server.url(), null, null));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.getMessage().contains(expectedWords), "'" + e.getMessage() + "' says '" + expectedWords + "'");
            assertFalse(JAVA_NAMES.matcher(e.getMessage()).find(), "no Java names: " + e.getMessage());
            assertTrue(ms < BOUND_MILLIS, "answered within the deadline: " + ms + " ms");
            return e;
        }
    }

    @Test
    void trickledStatusLine_endsAtTheDeadline() throws IOException {
        failure((out, port) -> ScriptedHttpServer.trickle(out, ascii("HTTP/1.1 200 OK\r\n"), 400), "timed out");
    }

    @Test
    void trickledHeaders_endAtTheDeadline_thoughEveryByteComesBeforeTheReadTimeout() throws IOException {
        failure((out, port) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\n"));
            ScriptedHttpServer.trickle(out, ascii("X-Slow: " + "a".repeat(200) + "\r\n"), 100);
        }, "timed out");
    }

    @Test
    void trickledBody_endsAtTheDeadline() throws IOException {
        failure((out, port) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));
            ScriptedHttpServer.trickle(out, ascii("B".repeat(1000)), 50);
        }, "timed out");
    }

    @Test
    void silentServer_endsAtTheDeadline() throws IOException {
        failure((out, port) -> Thread.sleep(10_000), "timed out");
    }

    @Test
    void negativeContentLength_isAFailureInWords() throws IOException {
        failure((out, port) -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello")),
                "negative Content-Length");
    }

    @Test
    void hugeContentLength_isRefusedBeforeReading() throws IOException {
        failure((out, port) -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999\r\n\r\nx")),
                "larger than");
    }

    @Test
    void malformedContentLength_isAFailureInWords() throws IOException {
        failure((out, port) -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\nx")),
                "malformed Content-Length");
    }

    @Test
    void negativeChunkSize_isAMalformedChunkedBody() throws IOException {
        failure((out, port) -> out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n")),
                "malformed chunked body");
    }

    @Test
    void chunkWithoutItsLineEnd_isAMalformedChunkedBody() throws IOException {
        failure((out, port) -> out.write(ascii(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloEXTRA\r\n0\r\n\r\n")),
                "malformed chunked body");
    }

    @Test
    void hugeChunk_isRefused() throws IOException {
        failure((out, port) -> out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "7fffffffffffffff\r\nx")), "malformed chunked body");
        failure((out, port) -> out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "fffffffff\r\nx")), "larger than");
    }

    @Test
    void chunkedBodyWithoutItsLastChunk_isTruncated() throws IOException {
        failure((out, port) -> out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")),
                "truncated");
    }

    @Test
    void bodyShorterThanAnnounced_isTruncated() throws IOException {
        failure((out, port) -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nBEGIN:VCALENDAR")),
                "truncated");
    }

    @Test
    void redirectLoop_stopsAfterThreeRedirects() throws IOException {
        FetchException e = failure((out, port) -> out.write(ascii("HTTP/1.1 302 Found\r\nLocation: /feed.ics\r\n"
                + "Content-Length: 0\r\n\r\n")), "redirects");
        assertTrue(e.getMessage().contains("more than 3"), e.getMessage());
    }

    @Test
    void malformedRedirectLocations_areFailuresInWords() throws IOException {
        failure((out, port) -> out.write(ascii("HTTP/1.1 302 Found\r\nLocation: http://[::1\r\n\r\n")),
                "malformed redirect location");
        failure((out, port) -> out.write(ascii("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:70000/x\r\n\r\n")),
                "port outside 1-65535");
        failure((out, port) -> out.write(ascii("HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\n\r\n")),
                "must use https");
        failure((out, port) -> out.write(ascii("HTTP/1.1 301 Moved\r\nContent-Length: 0\r\n\r\n")),
                "without saying where to");
        failure((out, port) -> out.write(ascii("HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/\r\n\r\n")),
                "link-local");
    }

    @Test
    void gzipBomb_isStoppedAtTheDecompressedCap() throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        byte[] bomb = packed.toByteArray();
        assertTrue(bomb.length < 200_000, "64 MB packs into " + bomb.length + " bytes");
        failure((out, port) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + bomb.length + "\r\n\r\n"));
            out.write(bomb);
        }, "(decompressed)");
    }

    @Test
    void brokenGzip_isAFailureInWords() throws IOException {
        failure((out, port) -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 10\r\n\r\n"
                + "not gzip!!")), "not valid gzip");
    }

    @Test
    void notHttp_andMalformedStatusLines_areFailuresInWords() throws IOException {
        failure((out, port) -> out.write(ascii("SSH-2.0-OpenSSH\r\n")), "did not answer in HTTP");
        failure((out, port) -> out.write(ascii("HTTP/1.1 abc OK\r\n\r\n")), "malformed HTTP status line");
        failure((out, port) -> out.write(ascii("HTTP/1.1 -200 OK\r\n\r\n")), "malformed HTTP status line");
        failure((out, port) -> out.write(ascii("HTTP/1.1\r\n\r\n")), "malformed HTTP status line");
    }

    @Test
    void hugeHeaders_andEndlessLines_areRefused() throws IOException {
        failure((out, port) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\n"));
            for (int i = 0; i < 2000; i++) {
                out.write(ascii("X-Pad-" + i + ": " + "p".repeat(60) + "\r\n"));
            }
        }, "headers too large");
        failure((out, port) -> out.write(ascii("HTTP/1.1 200 OK\r\nX-Long: " + "l".repeat(40_000))), "too long");
    }

    @Test
    void closedConnection_beforeAnyAnswer_isAFailureInWords() throws IOException {
        failure((out, port) -> out.close(), "did not answer in HTTP");
    }

    @Test
    void refusedConnection_andTlsToAPlainServer_areFailuresInWords() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int closedPort = port;
        FetchException refused = assertThrows(FetchException.class,
                () -> FETCHER.fetch("http://127.0.0.1:" + closedPort + "/x.ics", null, null));
        assertTrue(refused.getMessage().contains("refused the connection"), refused.getMessage());
        try (ScriptedHttpServer server = new ScriptedHttpServer((out, p) -> out.write(ascii("HTTP/1.1 200 OK\r\n")))) {
            FetchException tls = assertThrows(FetchException.class, () -> FETCHER.fetch("https://127.0.0.1:"
                    + server.port() + "/x.ics", null, null));
            assertFalse(JAVA_NAMES.matcher(tls.getMessage()).find(), tls.getMessage());
        }
    }
}
