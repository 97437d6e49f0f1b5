package dev.calroom.api;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM without the Lambda runtime's event serialization (calroom does not package it: the runtime carries it) still
 * primes: each priming request reaches the handler as built, and the library's absence is no error.
 */
class RuntimeEventSerializationFallbackTest {

    private static final String LIBRARY = "aws-lambda-java-serialization";

    @Test
    void prime_sendsRequestsAsBuilt_whenTheRuntimesSerializationIsAbsent() throws Exception {
        List<URL> urls = new ArrayList<>();
        boolean dropped = false;
        for (String entry : testClassPath().split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (Path.of(entry).getFileName().toString().startsWith(LIBRARY)) {
                dropped = true;
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        assertTrue(dropped, "the test class path holds the runtime's serialization, which this test leaves out");

        try (URLClassLoader withoutLibrary = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> probe = withoutLibrary.loadClass(PrimingWithoutRuntimeSerialization.class.getName());
            @SuppressWarnings("unchecked")
            Map<String, Object> report = (Map<String, Object>) probe.getMethod("run").invoke(null);

            assertEquals(false, report.get("available"));
            assertEquals(List.of("POST /v1/webhooks/daily /v1/webhooks/daily {\"type\":\"priming\"}",
                    "GET /v1/rooms/{room} /v1/rooms/calroom-priming -"), report.get("served"));
            String log = (String) report.get("log");
            assertFalse(log.contains("\"level\":\"ERROR\""), log);
            assertFalse(log.contains("serialization failed"), log);
        }
    }

    /** The class path surefire runs the tests with (the JVM's own is a manifest-only jar under surefire). */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
