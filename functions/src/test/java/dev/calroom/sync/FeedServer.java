package dev.calroom.sync;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A calendar server on loopback for tests, answering like real ones and like broken ones: a feed with ETag and
 * conditional GET, an error status, a stall, a body cut short of its Content-Length, garbage.
 */
public final class FeedServer implements AutoCloseable {

    public enum Mode { OK, ERROR_500, STALL, TRUNCATED, REDIRECT_LOOP, TRICKLED_HEADERS, NEGATIVE_LENGTH,
        NEGATIVE_CHUNK, BAD_LOCATION, GZIP_BOMB,
        /** 429 with {@code Retry-After: 3600} (seconds). */ TOO_MANY_REQUESTS,
        /** 503 with {@code Retry-After: Sun, 06 Nov 2033 08:49:37 GMT} (an HTTP-date). */ UNAVAILABLE_UNTIL_DATE }

    private final ServerSocket socket;
    private final Thread acceptor;
    private volatile String body = "";
    private volatile Mode mode = Mode.OK;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger downloads = new AtomicInteger();
    private final List<String> requestHeads = new ArrayList<>();

    public FeedServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/calendar/secret-token-123/basic.ics";
    }

    public void serve(String feed) {
        this.body = feed;
        this.mode = Mode.OK;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public int requests() {
        return requests.get();
    }

    /** Responses that carried a body (not 304). */
    public int downloads() {
        return downloads.get();
    }

    public synchronized List<String> requestHeads() {
        return List.copyOf(requestHeads);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread.ofVirtual().start(() -> handle(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder head = new StringBuilder();
            String line;
            String ifNoneMatch = null;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                head.append(line).append('\n');
                if (line.toLowerCase().startsWith("if-none-match:")) {
                    ifNoneMatch = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            synchronized (this) {
                requestHeads.add(head.toString());
            }
            requests.incrementAndGet();
            OutputStream out = s.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
            switch (mode) {
                case TOO_MANY_REQUESTS -> write(out, "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3600\r\n"
                        + "Content-Length: 0\r\n\r\n", null);
                case UNAVAILABLE_UNTIL_DATE -> write(out, "HTTP/1.1 503 Service Unavailable\r\n"
                        + "Retry-After: Sun, 06 Nov 2033 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n", null);
                case ERROR_500 -> write(out, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n", null);
                case STALL -> Thread.sleep(5_000);
                case REDIRECT_LOOP -> write(out, "HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n",
                        null);
                case TRUNCATED -> {
                    downloads.incrementAndGet();
                    write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: " + bytes.length
                            + "\r\n\r\n", java.util.Arrays.copyOf(bytes, bytes.length / 2));
                }
                case TRICKLED_HEADERS -> {
                    write(out, "HTTP/1.1 200 OK\r\n", null);
                    for (int i = 0; i < 100; i++) {
                        write(out, "X", null);
                        Thread.sleep(100);
                    }
                }
                case NEGATIVE_LENGTH -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", bytes);
                case NEGATIVE_CHUNK -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n",
                        bytes);
                case BAD_LOCATION -> write(out, "HTTP/1.1 302 Found\r\nLocation: http://[::1\r\n\r\n", null);
                case GZIP_BOMB -> {
                    java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
                    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(packed)) {
                        byte[] zeros = new byte[1 << 20];
                        for (int i = 0; i < 16; i++) {
                            gz.write(zeros);
                        }
                    }
                    write(out, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + packed.size()
                            + "\r\n\r\n", packed.toByteArray());
                }
                case OK -> {
                    if (etag.equals(ifNoneMatch)) {
                        write(out, "HTTP/1.1 304 Not Modified\r\nETag: " + etag + "\r\n\r\n", null);
                    } else {
                        downloads.incrementAndGet();
                        write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nETag: " + etag
                                + "\r\nContent-Length: " + bytes.length + "\r\n\r\n", bytes);
                    }
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // client went away
        }
    }

    private static void write(OutputStream out, String head, byte[] body) throws IOException {
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
