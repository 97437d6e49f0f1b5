package dev.calroom.tools.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every endpoint a probed function knows, in one loopback server that counts what it is asked, by phase: DynamoDB
 * requests (by X-Amz-Target) are passed on to DynamoDB Local, the issuer's JWKS is served, anything else (Daily, an
 * unexpected call) is counted and answered 404. A probe moves the phase with {@code /_probe/<phase>}. Every answer
 * closes its connection, as a SnapStart restore leaves no connection open.
 */
public final class CountingEndpoint implements AutoCloseable {

    private static final List<String> FORWARDED = List.of("content-type", "x-amz-target", "x-amz-date",
            "authorization", "amz-sdk-invocation-id");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String dynamoDb;
    private final String jwks;
    private final Map<String, Map<String, Long>> calls = new ConcurrentHashMap<>();
    private volatile String phase = "priming";

    public CountingEndpoint(String dynamoDb, String jwks) throws IOException {
        this.dynamoDb = dynamoDb;
        this.jwks = jwks;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forgets the counts and starts again at the priming phase. */
    public void reset() {
        calls.clear();
        phase = "priming";
    }

    /** The calls of a phase, by what was called. */
    public Map<String, Long> calls(String phaseName) {
        return new TreeMap<>(calls.getOrDefault(phaseName, Map.of()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Connection", "close");
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.startsWith("/_probe/")) {
                phase = path.substring("/_probe/".length());
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null) {
                count("DynamoDB " + target.substring(target.indexOf('.') + 1));
                forward(exchange, body);
                return;
            }
            if (path.equals("/jwks.json")) {
                count("issuer keys");
                byte[] out = jwks.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, out.length);
                exchange.getResponseBody().write(out);
                return;
            }
            count(exchange.getRequestMethod() + " " + path);
            exchange.sendResponseHeaders(404, -1);
        }
    }

    private void count(String what) {
        calls.computeIfAbsent(phase, k -> new ConcurrentHashMap<>()).merge(what, 1L, Long::sum);
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(dynamoDb + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : FORWARDED) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("content-type") || lower.startsWith("x-amz")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] out = response.body();
        exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
