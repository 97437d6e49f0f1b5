package dev.calroom.tools.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A JVM running AWS's runtime interface client against a runtime API of this process, for benchmarks that act
 * inside the function's JVM between its init and its first event (SnapStart's priming): its main class starts the
 * runtime client itself. Events are the gateway's JSON for an HTTP API request, as the local stack sends them.
 */
public final class RuntimeClientProcess implements AutoCloseable {

    /** The runtime interface client's main class. */
    public static final String RUNTIME_CLIENT = LocalFunction.RUNTIME_CLIENT;

    private final RuntimeApi api;
    private final Process process;

    private RuntimeClientProcess(RuntimeApi api, Process process) {
        this.api = api;
        this.process = process;
    }

    /**
     * Starts {@code java jvmOptions -cp classpath mainClass args}, the runtime client's jars added to the class
     * path, with only {@code environment} and the variables
     * the runtime client reads ({@code AWS_LAMBDA_RUNTIME_API}, {@code _HANDLER}).
     */
    public static RuntimeClientProcess start(String java, List<String> jvmOptions, List<Path> classpath,
                                             String mainClass, List<String> args, String handler,
                                             Map<String, String> environment) throws IOException {
        List<Path> fullClasspath = new ArrayList<>(classpath);
        fullClasspath.addAll(LocalFunction.runtimeClientJars());
        RuntimeApi api = new RuntimeApi();
        ProcessBuilder pb = LocalFunction.runtimeProcess(java, jvmOptions, fullClasspath, mainClass, args, handler,
                environment, api);
        Process process = pb.start();
        process.onExit().thenRun(() -> api.abandon("the function's process exited"));
        return new RuntimeClientProcess(api, process);
    }

    public Process process() {
        return process;
    }

    /** Waits until the runtime client first asks for work: the handler is constructed (Lambda's init is over). */
    public void awaitInit(Duration limit) throws Exception {
        CompletableFuture.anyOf(api.firstPoll(), process.onExit()).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (api.initError().isDone() || !process.isAlive()) {
            throw new IllegalStateException("the function's init failed");
        }
    }

    /** One HTTP API request as the gateway's event (payload 2.0); answers what HTTP API would answer. */
    public LocalStack.GatewayResponse invoke(String method, String routeKey, String rawPath,
                                             Map<String, String> pathParameters, Map<String, List<String>> headers,
                                             String body, Duration limit) throws Exception {
        byte[] event = LambdaEvents.httpApi(new LambdaEvents.HttpRequest(method, rawPath, null, headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "203.0.113.9"),
                routeKey, pathParameters, Instant.now(), Map.of());
        CompletableFuture<RuntimeApi.Outcome> outcome = new CompletableFuture<>();
        api.submit(new RuntimeApi.Invocation(UUID.randomUUID().toString(), event,
                System.currentTimeMillis() + limit.toMillis(), "arn:aws:lambda:us-east-1:000000000000:function:probe",
                outcome));
        RuntimeApi.Outcome o = outcome.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (o.error()) {
            throw new IllegalStateException("the function failed: " + new String(o.body(), StandardCharsets.UTF_8));
        }
        return LocalStack.response(o.body());
    }

    @Override
    public void close() {
        process.destroy();
        api.close();
    }
}
