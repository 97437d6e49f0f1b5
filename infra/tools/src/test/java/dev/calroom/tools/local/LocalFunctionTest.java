package dev.calroom.tools.local;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local runtime behaves as Lambda does when a function times out, crashes, or fails its init. */
class LocalFunctionTest {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /** This module's test classes and AWS's runtime client, as the function's code. */
    private static List<Path> classpath() {
        List<Path> cp = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (entry.endsWith("test-classes") || name.startsWith("aws-lambda-java-")
                    || name.startsWith("utils-lite")) {
                cp.add(Path.of(entry));
            }
        }
        return cp;
    }

    private LocalFunction function(String handlerClass, int timeoutSeconds) {
        return new LocalFunction("Test", handlerClass + "::handleRequest", Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "256", "PATH", "/usr/bin:/bin"), classpath(), 256, Duration.ofSeconds(timeoutSeconds), 1,
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static String text(LocalFunction.Result r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void warmEnvironment_isReused_andSeesOnlyItsOwnEnvironment() throws Exception {
        try (LocalFunction f = function(MisbehavingHandlers.Sleepy.class.getName(), 10)) {
            LocalFunction.Result first = f.invoke("{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(LocalFunction.Kind.RESULT, first.kind(), text(first));
            assertTrue(first.coldStart());
            assertTrue(text(first).contains("\"served\":1") && text(first).contains("\"sees\":false"), text(first));
            LocalFunction.Result second = f.invoke("{}".getBytes(StandardCharsets.UTF_8));
            assertFalse(second.coldStart());
            assertTrue(text(second).contains("\"served\":2"), "the same JVM served it: " + text(second));
            assertEquals(1, f.coldStarts());
        }
    }

    @Test
    void timeout_endsTheEnvironment_andTheNextInvocationStartsAFreshOne() throws Exception {
        try (LocalFunction f = function(MisbehavingHandlers.Sleepy.class.getName(), 2)) {
            long t0 = System.nanoTime();
            LocalFunction.Result late = f.invoke("{\"sleepSeconds\": 30}".getBytes(StandardCharsets.UTF_8));
            assertEquals(LocalFunction.Kind.TIMEOUT, late.kind());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 15_000, "ended at the timeout, not after 30 s");
            assertTrue(text(late).contains("Task timed out after 2 seconds"));
            LocalFunction.Result next = f.invoke("{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(LocalFunction.Kind.RESULT, next.kind());
            assertTrue(next.coldStart(), "a fresh environment");
            assertTrue(text(next).contains("\"served\":1"));
        }
    }

    @Test
    void crash_andThrownError_areFunctionErrors_andACrashedEnvironmentIsReplaced() throws Exception {
        try (LocalFunction f = function(MisbehavingHandlers.Sleepy.class.getName(), 10)) {
            LocalFunction.Result failed = f.invoke("{\"fail\": true}".getBytes(StandardCharsets.UTF_8));
            assertEquals(LocalFunction.Kind.FUNCTION_ERROR, failed.kind());
            assertTrue(text(failed).contains("asked to fail") && text(failed).contains("IllegalStateException"),
                    text(failed));
            LocalFunction.Result crashed = f.invoke("{\"crash\": true}".getBytes(StandardCharsets.UTF_8));
            assertEquals(LocalFunction.Kind.FUNCTION_ERROR, crashed.kind());
            LocalFunction.Result next = f.invoke("{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(LocalFunction.Kind.RESULT, next.kind(), text(next));
            assertTrue(next.coldStart());
        }
    }

    @Test
    void initError_isReported_andEveryInvocationTriesAFreshInit() throws Exception {
        try (LocalFunction f = function(MisbehavingHandlers.BrokenInit.class.getName(), 10)) {
            LocalFunction.Result r = f.invoke("{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(LocalFunction.Kind.INIT_ERROR, r.kind());
            assertTrue(text(r).contains("init failed on purpose"), text(r));
            assertEquals(LocalFunction.Kind.INIT_ERROR, f.invoke("{}".getBytes(StandardCharsets.UTF_8)).kind());
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("init failed"));
        }
    }

    @Test
    void runtimeApi_listensOnLoopbackOnly() throws Exception {
        try (RuntimeApi api = new RuntimeApi()) {
            assertLoopbackOnly(Integer.parseInt(api.address().substring(api.address().indexOf(':') + 1)));
        }
    }

    /**
     * The port's listening socket is bound to loopback (127.0.0.1, ::1 or ::ffff:127.0.0.1), not to a wildcard or another address, as
     * the kernel's socket table says; read from /proc, so nothing is sent anywhere.
     */
    static void assertLoopbackOnly(int port) throws Exception {
        java.nio.file.Path v4 = java.nio.file.Path.of("/proc/net/tcp");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(v4), "needs Linux's /proc/net");
        String hexPort = String.format("%04X", port);
        List<String> bound = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            java.nio.file.Path file = java.nio.file.Path.of(table);
            if (!java.nio.file.Files.isReadable(file)) {
                continue;
            }
            for (String line : java.nio.file.Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(":" + hexPort) && f[3].equals("0A")) {
                    bound.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        assertFalse(bound.isEmpty(), "something listens on port " + port);
        for (String address : bound) {
            assertTrue(address.equals("0100007F") || address.equals("00000000000000000000000001000000")
                    || address.equals("0000000000000000FFFF00000100007F"),
                    "port " + port + " is bound to loopback only, not " + address);
        }
    }
}
