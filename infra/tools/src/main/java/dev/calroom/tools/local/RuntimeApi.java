package dev.calroom.tools.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The Lambda Runtime API (2018-06-01) for one execution environment, on loopback: the runtime interface client in
 * the function's JVM long-polls {@code /runtime/invocation/next}, then posts the result to {@code .../response} or
 * {@code .../error}; an init failure goes to {@code /runtime/init/error}.
 */
final class RuntimeApi implements AutoCloseable {

    /** One invocation waiting for, or given to, the runtime. */
    record Invocation(String requestId, byte[] event, long deadlineMillis, String functionArn,
                      CompletableFuture<Outcome> outcome) {
    }

    /** What the runtime answered: a result, or a function error (its JSON with errorMessage/errorType). */
    record Outcome(boolean error, byte[] body) {
    }

    private final HttpServer server;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<byte[]> initError = new CompletableFuture<>();

    RuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/2018-06-01/runtime/", this::handle);
        server.start();
    }

    /** host:port, as AWS_LAMBDA_RUNTIME_API carries it. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes when the runtime first asks for work: its init is over. */
    CompletableFuture<Void> firstPoll() {
        return firstPoll;
    }

    /** Completes with the error body if the function's init failed. */
    CompletableFuture<byte[]> initError() {
        return initError;
    }

    void submit(Invocation invocation) {
        queue.add(invocation);
    }

    /** Fails whatever the runtime holds or has not taken yet (its process is gone). */
    void abandon(String why) {
        Outcome outcome = new Outcome(true, ("{\"errorMessage\":\"" + why + "\",\"errorType\":\"Runtime.Exited\"}")
                .getBytes(StandardCharsets.UTF_8));
        inFlight.values().forEach(i -> i.outcome().complete(outcome));
        Invocation i;
        while ((i = queue.poll()) != null) {
            i.outcome().complete(outcome);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().substring("/2018-06-01/runtime/".length());
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.equals("invocation/next") && ex.getRequestMethod().equals("GET")) {
                firstPoll.complete(null);
                Invocation next;
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                inFlight.put(next.requestId(), next);
                ex.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", next.requestId());
                ex.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(next.deadlineMillis()));
                ex.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", next.functionArn());
                ex.getResponseHeaders().set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
                ex.getResponseHeaders().set("Content-Type", "application/json");
                send(ex, 200, next.event());
                return;
            }
            if (path.equals("init/error")) {
                initError.complete(body);
                firstPoll.complete(null);
                send(ex, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.startsWith("invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
                String id = path.substring("invocation/".length(), path.lastIndexOf('/'));
                Invocation i = inFlight.remove(id);
                if (i == null) {
                    send(ex, 400, "{\"errorMessage\":\"unknown request id\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                i.outcome().complete(new Outcome(path.endsWith("/error"), body));
                send(ex, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(ex, 404, "{\"errorMessage\":\"no such runtime API path\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    @Override
    public void close() {
        abandon("the execution environment was shut down");
        server.stop(0);
    }
}
