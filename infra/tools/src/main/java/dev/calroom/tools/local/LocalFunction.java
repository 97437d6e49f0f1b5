package dev.calroom.tools.local;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One function of template.yaml run the way Lambda runs it: each execution environment is a JVM of its own started
 * through AWS's runtime interface client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}, the
 * client the managed java runtime uses, with its own event serialization), polling a {@link RuntimeApi} on
 * loopback. An environment starts on the first invocation that finds none idle (its init time is logged as a cold
 * start), serves one invocation at a time, and is reused while warm. The process sees only its own environment: the
 * template's variables for this function plus the variables Lambda itself sets. MemorySize sets the heap; Timeout is
 * enforced by ending the environment, as Lambda does; an environment that crashed or failed its init is replaced on
 * the next invocation.
 */
public final class LocalFunction implements AutoCloseable {

    /** How an invocation ended. */
    public enum Kind { RESULT, FUNCTION_ERROR, TIMEOUT, INIT_ERROR }

    public record Result(Kind kind, byte[] body, boolean coldStart) {
    }

    static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String JNI_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static Path nativeLibrary;

    /** The runtime client's JNI library for this machine, unpacked from its jar once per process. */
    static synchronized Path nativeLibrary(List<Path> classpath) throws IOException {
        if (nativeLibrary != null) {
            return nativeLibrary;
        }
        String arch = System.getProperty("os.arch").equals("aarch64") ? "linux-aarch_64" : "linux-x86_64";
        String entry = "jni/libaws-lambda-jni." + arch + ".so";
        for (Path jar : classpath) {
            if (!jar.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client")) {
                continue;
            }
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                java.util.zip.ZipEntry e = zip.getEntry(entry);
                if (e == null) {
                    break;
                }
                Path dir = java.nio.file.Files.createTempDirectory("calroom-ric");
                Path lib = dir.resolve("libaws-lambda-jni.so");
                try (var in = zip.getInputStream(e)) {
                    java.nio.file.Files.copy(in, lib);
                }
                lib.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                nativeLibrary = lib;
                return lib;
            }
        }
        throw new IOException("the runtime interface client's " + entry + " is not on the function class path");
    }

    /** The runtime interface client's jars (the managed runtime's part of a function's class path), from this JVM's. */
    static List<Path> runtimeClientJars() {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("aws-lambda-java-runtime-interface-client")
                    || name.startsWith("aws-lambda-java-serialization") || name.startsWith("utils-lite")) {
                jars.add(Path.of(entry));
            }
        }
        return jars;
    }

    /**
     * {@code java jvmOptions -cp classpath mainClass args} for a JVM whose runtime client polls {@code api}: with
     * only {@code environment} and the variables the client reads ({@code AWS_LAMBDA_RUNTIME_API}, {@code _HANDLER}).
     */
    static ProcessBuilder runtimeProcess(String java, List<String> jvmOptions, List<Path> classpath, String mainClass,
                                         List<String> args, String handler, Map<String, String> environment,
                                         RuntimeApi api) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("--enable-native-access=ALL-UNNAMED");
        // The runtime client's native library, unpacked once for this process: left to itself, every JVM unpacks
        // it to one fixed file in /tmp, and JVMs starting together load it half-written.
        command.add("-D" + JNI_PROPERTY + "=" + nativeLibrary(classpath));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment);
        pb.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
        pb.environment().put("_HANDLER", handler);
        return pb;
    }

    /** Lambda's limit for the init phase of an on-demand function. */
    static final Duration INIT_LIMIT = Duration.ofSeconds(10);

    private final String name;
    private final String handler;
    private final Map<String, String> environment;
    private final List<Path> classpath;
    private final int memoryMb;
    private final Duration timeout;
    private final int maxEnvironments;
    private final PrintStream log;
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final List<ExecutionEnvironment> all = new ArrayList<>();
    private final AtomicInteger coldStarts = new AtomicInteger();
    private volatile long lastInitMillis = -1;

    LocalFunction(String name, String handler, Map<String, String> environment, List<Path> classpath, int memoryMb,
                  Duration timeout, int maxEnvironments, PrintStream log) {
        this.name = name;
        this.handler = handler;
        this.environment = Map.copyOf(environment);
        this.classpath = List.copyOf(classpath);
        this.memoryMb = memoryMb;
        this.timeout = timeout;
        this.maxEnvironments = maxEnvironments;
        this.log = log;
    }

    String name() {
        return name;
    }

    Duration timeout() {
        return timeout;
    }

    Map<String, String> environment() {
        return environment;
    }

    int coldStarts() {
        return coldStarts.get();
    }

    /** The init phase of the environment started last: the JVM's spawn to the runtime client's first poll. */
    long lastInitMillis() {
        return lastInitMillis;
    }

    /** Invokes the function with an event (JSON bytes) and waits for its outcome, at most its timeout. */
    Result invoke(byte[] event) throws InterruptedException {
        ExecutionEnvironment env = acquire();
        boolean cold = false;
        try {
            if (!env.started()) {
                cold = true;
                Result failed = env.start();
                if (failed != null) {
                    return failed;
                }
            }
            Result r = env.invoke(event);
            return new Result(r.kind(), r.body(), cold);
        } finally {
            release(env);
        }
    }

    private synchronized ExecutionEnvironment acquire() throws InterruptedException {
        while (true) {
            ExecutionEnvironment e = idle.pollFirst();
            if (e != null) {
                return e;
            }
            if (all.size() < maxEnvironments) {
                ExecutionEnvironment fresh = new ExecutionEnvironment();
                all.add(fresh);
                return fresh;
            }
            wait();
        }
    }

    private synchronized void release(ExecutionEnvironment e) {
        if (e.usable()) {
            idle.addFirst(e);
        } else {
            e.close();
            all.remove(e);
        }
        notifyAll();
    }

    @Override
    public synchronized void close() {
        for (ExecutionEnvironment e : all) {
            e.close();
        }
        all.clear();
        idle.clear();
    }

    /** One JVM serving invocations through its runtime API. */
    private final class ExecutionEnvironment implements AutoCloseable {
        private RuntimeApi api;
        private Process process;
        private volatile boolean broken;

        boolean started() {
            return process != null;
        }

        boolean usable() {
            return !broken && process != null && process.isAlive();
        }

        Result start() {
            long t0 = System.nanoTime();
            try {
                api = new RuntimeApi();
                // The managed java runtime's defaults for an on-demand function: heap from MemorySize, serial GC,
                // tiered compilation stopped at C1 (SnapStart is not emulated locally).
                ProcessBuilder pb = runtimeProcess(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        List.of("-XX:MaxHeapSize=" + Math.max(64, memoryMb * 85 / 100) + "m", "-XX:+UseSerialGC",
                                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto"),
                        classpath, RUNTIME_CLIENT, List.of(handler), handler, environment, api);
                process = pb.start();
                Thread.ofVirtual().start(this::copyLog);
                process.onExit().thenRun(() -> {
                    broken = true;
                    api.abandon("the function's process exited (code " + process.exitValue() + ")");
                });
                CompletableFuture.anyOf(api.firstPoll(), process.onExit())
                        .get(INIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                if (api.initError().isDone() || !process.isAlive()) {
                    broken = true;
                    byte[] body = api.initError().getNow(("{\"errorMessage\":\"the function exited during init\","
                            + "\"errorType\":\"Runtime.ExitError\"}").getBytes(StandardCharsets.UTF_8));
                    log.printf("[%s] init failed: %s%n", name, new String(body, StandardCharsets.UTF_8));
                    return new Result(Kind.INIT_ERROR, body, true);
                }
                coldStarts.incrementAndGet();
                lastInitMillis = (System.nanoTime() - t0) / 1_000_000;
                log.printf("[%s] cold start: JVM start to first poll %d ms%n", name, lastInitMillis);
                return null;
            } catch (TimeoutException e) {
                broken = true;
                log.printf("[%s] init did not finish within %d s%n", name, INIT_LIMIT.toSeconds());
                return new Result(Kind.INIT_ERROR, "{\"errorMessage\":\"init timed out\",\"errorType\":\"Runtime.InitTimeout\"}"
                        .getBytes(StandardCharsets.UTF_8), true);
            } catch (IOException | ExecutionException e) {
                broken = true;
                return new Result(Kind.INIT_ERROR, ("{\"errorMessage\":\"could not start the function: "
                        + e.getMessage().replace("\"", "'") + "\",\"errorType\":\"Runtime.StartError\"}")
                        .getBytes(StandardCharsets.UTF_8), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                broken = true;
                return new Result(Kind.INIT_ERROR, new byte[0], true);
            }
        }

        Result invoke(byte[] event) throws InterruptedException {
            CompletableFuture<RuntimeApi.Outcome> outcome = new CompletableFuture<>();
            String id = UUID.randomUUID().toString();
            api.submit(new RuntimeApi.Invocation(id, event, System.currentTimeMillis() + timeout.toMillis(),
                    "arn:aws:lambda:us-east-1:000000000000:function:" + name, outcome));
            try {
                RuntimeApi.Outcome o = outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Result(o.error() ? Kind.FUNCTION_ERROR : Kind.RESULT, o.body(), false);
            } catch (TimeoutException e) {
                broken = true;
                log.printf("[%s] %s Task timed out after %d seconds%n", name, id, timeout.toSeconds());
                return new Result(Kind.TIMEOUT, ("{\"errorMessage\":\"Task timed out after " + timeout.toSeconds()
                        + " seconds\",\"errorType\":\"Sandbox.Timedout\"}").getBytes(StandardCharsets.UTF_8), false);
            } catch (ExecutionException e) {
                broken = true;
                return new Result(Kind.FUNCTION_ERROR, new byte[0], false);
            }
        }

        private void copyLog() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.println("[" + name + "] " + line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        @Override
        public void close() {
            if (process != null) {
                process.destroyForcibly();
            }
            if (api != null) {
                api.close();
            }
        }
    }
}
