package dev.calroom.fetch;

import dev.calroom.sync.FeedSource;
import dev.calroom.sync.FetchException;
import dev.calroom.sync.FetchResult;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;

/**
 * Fetches calendar feeds over HTTPS with a small HTTP/1.1 client of its own, so that the address it checks is the
 * address it connects to: the host is resolved once, every address is checked against the {@link AddressPolicy},
 * and the socket is opened to that checked address (TLS still verifies the certificate for the host name). A DNS
 * answer that changes between check and connect (rebinding) therefore cannot reach an internal address; redirects
 * (at most {@link FetchSettings#maxRedirects()}) go through the same check. Bodies are capped (compressed and
 * decompressed) and a body shorter than announced, or a chunked body without its last chunk, is refused as truncated.
 */
public final class HttpFeedFetcher implements FeedSource {

    private final FetchSettings settings;
    private final AddressPolicy policy;
    private final FeedUrlRules rules;
    private final SSLSocketFactory tls;
    private final java.time.Clock clock;

    public HttpFeedFetcher(FetchSettings settings) {
        this(settings, java.time.Clock.systemUTC());
    }

    /** @param clock reads "now" for a {@code Retry-After} given in seconds */
    public HttpFeedFetcher(FetchSettings settings, java.time.Clock clock) {
        this(settings, (SSLSocketFactory) SSLSocketFactory.getDefault(), clock);
    }

    public HttpFeedFetcher(FetchSettings settings, SSLSocketFactory tls) {
        this(settings, tls, java.time.Clock.systemUTC());
    }

    public HttpFeedFetcher(FetchSettings settings, SSLSocketFactory tls, java.time.Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.policy = new AddressPolicy(settings.localDevelopment());
        this.rules = new FeedUrlRules(settings.localDevelopment());
        this.tls = tls;
    }

    @Override
    public FetchResult fetch(String url, String etag, String lastModified) throws FetchException {
        long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
        try {
            URI uri = parse(url);
            for (int redirects = 0; ; redirects++) {
                Response r = exchange(uri, etag, lastModified, deadline);
                if (r.status == 304) {
                    return new FetchResult.NotModified();
                }
                if (r.status >= 300 && r.status < 400) {
                    String location = r.headers.get("location");
                    if (location == null || location.isBlank()) {
                        throw new FetchException("the server at " + uri.getHost() + " answered HTTP " + r.status
                                + " (a redirect) without saying where to");
                    }
                    if (redirects >= settings.maxRedirects()) {
                        throw new FetchException("more than " + settings.maxRedirects() + " redirects from "
                                + uri.getHost());
                    }
                    uri = redirectTarget(uri, location.trim());
                    continue;
                }
                if (r.status == 429 || r.status == 503) {
                    java.time.Instant retryAt = RetryAfter.parse(r.headers.get("retry-after"), clock.instant());
                    throw new FetchException("HTTP " + r.status + " from " + uri.getHost()
                            + (r.status == 429 ? " (too many requests)" : " (service unavailable)")
                            + (retryAt != null ? "; the server asked to be tried again at " + retryAt : ""),
                            retryAt);
                }
                if (r.status < 200 || r.status >= 300) {
                    throw new FetchException("HTTP " + r.status + " from " + uri.getHost());
                }
                return new FetchResult.Body(r.body, r.headers.get("etag"), r.headers.get("last-modified"));
            }
        } catch (RuntimeException e) {
            // The contract is a body or a FetchException: whatever a hostile server provokes is a failure in words.
            throw new FetchException("the server's answer could not be read", e);
        }
    }

    /** Checks that a URL may be fetched ({@link FeedUrlRules}, the rule room creation applies), without connecting. */
    public URI parse(String url) throws FetchException {
        FeedUrlRules.Verdict v = rules.check(url);
        if (!v.accepted()) {
            throw new FetchException("the feed URL " + v.refusal());
        }
        return v.uri();
    }

    private URI redirectTarget(URI from, String location) throws FetchException {
        URI target;
        try {
            target = from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchException("the server at " + from.getHost() + " sent a malformed redirect location");
        }
        FeedUrlRules.Verdict v = rules.check(target.toString());
        if (!v.accepted()) {
            throw new FetchException("the server at " + from.getHost() + " redirected to a URL that "
                    + v.refusal());
        }
        return v.uri();
    }

    private record Response(int status, Map<String, String> headers, byte[] body) {
    }

    private Response exchange(URI uri, String etag, String lastModified, long deadline) throws FetchException {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host = uri.getHost();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        InetAddress address = resolve(bareHost, deadline);
        Socket socket = new Socket();
        // The watchdog closes the socket when the fetch's deadline passes, whatever it is waiting for (connect, TLS
        // handshake, a trickled status line, header or body): one deadline for the whole fetch.
        AtomicBoolean expired = new AtomicBoolean();
        Future<?> watchdog = WATCHDOG.schedule(() -> {
            expired.set(true);
            closeQuietly(socket);
        }, remainingMillis(deadline, bareHost), TimeUnit.MILLISECONDS);
        Socket open = socket;
        try {
            socket.connect(new InetSocketAddress(address, port), (int) Math.min(settings.connectTimeout().toMillis(),
                    remainingMillis(deadline, bareHost)));
            String refused = policy.refusal(socket.getInetAddress());
            if (refused != null) {
                throw new FetchException("refused to fetch from " + bareHost + ": " + refused);
            }
            socket.setSoTimeout((int) Math.min(settings.readTimeout().toMillis(), remainingMillis(deadline,
                    bareHost)));
            if (https) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(socket, bareHost, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!isIpLiteral(bareHost)) {
                    params.setServerNames(List.of(new SNIHostName(bareHost)));
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                open = ssl;
            }
            writeRequest(open.getOutputStream(), uri, host, port, https, etag, lastModified);
            InputStream in = new DeadlineInputStream(open, open.getInputStream(), deadline,
                    settings.readTimeout().toMillis());
            return readResponse(new BufferedInputStream(in, 16384), deadline, bareHost);
        } catch (IOException e) {
            if (expired.get() || System.nanoTime() - deadline >= 0 || e instanceof DeadlineInputStream.DeadlinePassed) {
                throw new FetchException("timed out: the server at " + bareHost + " did not send the whole feed within "
                        + settings.totalTimeout().toSeconds() + " s", e);
            }
            throw new FetchException(IoFailures.describe(e, bareHost), e);
        } finally {
            watchdog.cancel(false);
            closeQuietly(open);
            closeQuietly(socket);
        }
    }

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "feed-fetch-deadline");
        t.setDaemon(true);
        return t;
    });

    private static long remainingMillis(long deadline, String host) throws FetchException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new FetchException("timed out fetching from " + host);
        }
        return ms;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a finished or failed connection
        }
    }

    /** Resolves the host within the deadline and checks every address it resolves to. */
    private InetAddress resolve(String host, long deadline) throws FetchException {
        InetAddress[] all;
        CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                lookup.complete(InetAddress.getAllByName(host));
            } catch (Throwable t) {
                lookup.completeExceptionally(t);
            }
        });
        try {
            all = lookup.get(Math.min(remainingMillis(deadline, host), settings.connectTimeout().toMillis()),
                    TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new FetchException("timed out resolving " + host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted resolving " + host);
        } catch (ExecutionException e) {
            throw new FetchException("host " + host + " cannot be resolved");
        }
        if (all.length == 0) {
            throw new FetchException("host " + host + " cannot be resolved");
        }
        for (InetAddress a : all) {
            String refused = policy.refusal(a);
            if (refused != null) {
                throw new FetchException("refused to fetch from " + host + ": it resolves to a " + refused);
            }
        }
        return all[0];
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private void writeRequest(OutputStream out, URI uri, String host, int port, boolean https, String etag,
                              String lastModified) throws IOException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        boolean defaultPort = port == (https ? 443 : 80);
        StringBuilder req = new StringBuilder(512);
        req.append("GET ").append(path).append(" HTTP/1.1\r\n");
        req.append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n");
        req.append("User-Agent: ").append(settings.userAgent()).append("\r\n");
        req.append("Accept: text/calendar, text/plain;q=0.9, */*;q=0.5\r\n");
        req.append("Accept-Encoding: gzip\r\n");
        req.append("Connection: close\r\n");
        if (etag != null && !etag.isBlank()) {
            req.append("If-None-Match: ").append(etag.replace("\r", "").replace("\n", "")).append("\r\n");
        }
        if (lastModified != null && !lastModified.isBlank()) {
            req.append("If-Modified-Since: ").append(lastModified.replace("\r", "").replace("\n", ""))
                    .append("\r\n");
        }
        req.append("\r\n");
        out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private Response readResponse(InputStream in, long deadline, String host) throws IOException, FetchException {
        String statusLine = readLine(in, host);
        if (statusLine == null || !statusLine.startsWith("HTTP/")) {
            throw new FetchException("the server at " + host + " did not answer in HTTP");
        }
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts[1].trim());
        } catch (RuntimeException e) {
            throw new FetchException("the server at " + host + " sent a malformed HTTP status line");
        }
        if (status < 100 || status > 999) {
            throw new FetchException("the server at " + host + " sent a malformed HTTP status line");
        }
        Map<String, String> headers = new HashMap<>();
        int headerBytes = 0;
        while (true) {
            String line = readLine(in, host);
            if (line == null) {
                throw new FetchException("connection closed in the response headers from " + host);
            }
            if (line.isEmpty()) {
                break;
            }
            headerBytes += line.length();
            if (headerBytes > 65_536) {
                throw new FetchException("response headers too large from " + host);
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1)
                        .trim(), (a, b) -> a + ", " + b);
            }
        }
        if (status == 304 || (status >= 300 && status < 400) || status < 200 || status >= 300) {
            return new Response(status, headers, new byte[0]);
        }
        byte[] body;
        String te = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (te.contains("chunked")) {
            body = readChunked(in, deadline, host);
        } else if (headers.containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("content-length").split(",")[0].trim());
            } catch (NumberFormatException e) {
                throw new FetchException("the server at " + host + " sent a malformed Content-Length");
            }
            if (length < 0) {
                throw new FetchException("the server at " + host + " sent a negative Content-Length");
            }
            if (length > settings.maxBytes()) {
                throw new FetchException("feed larger than " + settings.maxBytes() + " bytes from " + host);
            }
            body = readExactly(in, (int) length, deadline, host);
        } else {
            body = readToEnd(in, deadline, host);
        }
        if (headers.getOrDefault("content-encoding", "").toLowerCase(Locale.ROOT).contains("gzip")) {
            body = gunzip(body, host);
        }
        return new Response(status, headers, body);
    }

    private byte[] readExactly(InputStream in, int length, long deadline, String host)
            throws IOException, FetchException {
        byte[] body = new byte[length];
        int read = 0;
        while (read < length) {
            checkDeadline(deadline, host);
            int n = in.read(body, read, length - read);
            if (n < 0) {
                throw new FetchException("feed body truncated: " + read + " of " + length + " bytes from " + host);
            }
            read += n;
        }
        return body;
    }

    private byte[] readToEnd(InputStream in, long deadline, String host) throws IOException, FetchException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(65_536);
        byte[] buf = new byte[16_384];
        int n;
        while ((n = in.read(buf)) >= 0) {
            checkDeadline(deadline, host);
            out.write(buf, 0, n);
            if (out.size() > settings.maxBytes()) {
                throw new FetchException("feed larger than " + settings.maxBytes() + " bytes from " + host);
            }
        }
        return out.toByteArray();
    }

    private byte[] readChunked(InputStream in, long deadline, String host) throws IOException, FetchException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(65_536);
        while (true) {
            checkDeadline(deadline, host);
            String sizeLine = readLine(in, host);
            if (sizeLine == null) {
                throw new FetchException("feed body truncated (chunked body without its last chunk) from " + host);
            }
            int semi = sizeLine.indexOf(';');
            long size;
            String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
            if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new FetchException("the server at " + host + " sent a malformed chunked body");
            }
            size = Long.parseLong(hex, 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in, host);
                } while (trailer != null && !trailer.isEmpty());
                return out.toByteArray();
            }
            if (out.size() + size > settings.maxBytes()) {
                throw new FetchException("feed larger than " + settings.maxBytes() + " bytes from " + host);
            }
            out.write(readExactly(in, (int) size, deadline, host));
            String end = readLine(in, host);
            if (end == null) {
                throw new FetchException("feed body truncated (chunked body without its last chunk) from " + host);
            }
            if (!end.isEmpty()) {
                throw new FetchException("the server at " + host + " sent a malformed chunked body");
            }
        }
    }

    private byte[] gunzip(byte[] body, String host) throws FetchException {
        try (GZIPInputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
            byte[] buf = new byte[16_384];
            int n;
            while ((n = gz.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > settings.maxBytes()) {
                    throw new FetchException("feed larger than " + settings.maxBytes() + " bytes (decompressed) from "
                            + host);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new FetchException("feed body is not valid gzip (truncated?) from " + host);
        }
    }

    private void checkDeadline(long deadline, String host) throws FetchException {
        if (System.nanoTime() > deadline) {
            throw new FetchException("timed out fetching from " + host);
        }
    }

    private static String readLine(InputStream in, String host) throws IOException, FetchException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) c);
            if (sb.length() > 16_384) {
                throw new FetchException("response line too long from " + host);
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
