package dev.calroom.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Priming where the Lambda runtime's event serialization (calroom does not package it: the runtime carries it) is
 * absent, or present with the entry point the runtime uses but failing: each priming request still reaches the
 * handler as built. Its absence is no error; its failure is logged once, with message and stack trace.
 */
class RuntimeEventSerializationFallbackTest {

    private static final String LIBRARY = "aws-lambda-java-serialization";
    private static final List<String> SERVED = List.of(
            "POST /v1/webhooks/daily /v1/webhooks/daily {\"type\":\"priming\"}",
            "GET /v1/rooms/{room} /v1/rooms/calroom-priming -");

    @Test
    void prime_sendsRequestsAsBuilt_whenTheRuntimesSerializationIsAbsent() throws Exception {
        Map<String, Object> report = primeWithout(List.of());

        assertEquals(false, report.get("available"));
        assertEquals(SERVED, report.get("served"));
        String log = (String) report.get("log");
        assertFalse(log.contains("\"level\":\"ERROR\""), log);
        assertFalse(log.contains("serialization failed"), log);
    }

    @Test
    void prime_sendsRequestsAsBuilt_andLogsOnce_whenTheRuntimesSerializationFails(@TempDir Path dir)
            throws Exception {
        // A library with the runtime's entry point whose serializers fail, as a different version might.
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path serialization = Files.createDirectories(sources.resolve("s"));
        Files.writeString(serialization.resolve("PojoSerializer.java"), """
                package com.amazonaws.services.lambda.runtime.serialization;
                public interface PojoSerializer<T> {
                    T fromJson(java.io.InputStream input);
                    T fromJson(String input);
                    void toJson(T value, java.io.OutputStream output);
                }
                """);
        Files.writeString(serialization.resolve("LambdaEventSerializers.java"), """
                package com.amazonaws.services.lambda.runtime.serialization.events;
                import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
                public final class LambdaEventSerializers {
                    public static <T> PojoSerializer<T> serializerFor(Class<T> type, ClassLoader loader) {
                        return new PojoSerializer<T>() {
                            public T fromJson(java.io.InputStream input) { throw failure(); }
                            public T fromJson(String input) { throw failure(); }
                            public void toJson(T value, java.io.OutputStream output) { throw failure(); }
                        };
                    }
                    static IllegalStateException failure() {
                        return new IllegalStateException("a serializer of another version");
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(),
                serialization.resolve("PojoSerializer.java").toString(),
                serialization.resolve("LambdaEventSerializers.java").toString()));

        Map<String, Object> report = primeWithout(List.of(classes));

        assertEquals(true, report.get("available"));
        assertEquals(SERVED, report.get("served"));
        String log = (String) report.get("log");
        List<String> errors = log.lines().filter(l -> l.contains("\"level\":\"ERROR\"")).toList();
        assertEquals(1, errors.size(), log);
        assertTrue(errors.getFirst().contains("the runtime's event serialization failed; priming sends its requests "
                + "as built"), log);
        assertTrue(errors.getFirst().contains("a serializer of another version"), log);
        assertTrue(errors.getFirst().contains("\"stackTrace\":\"java.lang.IllegalStateException"), log);
    }

    /**
     * Primes a handler ({@link PrimingWithoutRuntimeSerialization}) in a class loader of its own over the test class
     * path without the runtime's serialization library, and {@code first} ahead of it.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> primeWithout(List<Path> first) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (Path p : first) {
            urls.add(p.toUri().toURL());
        }
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
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> probe = loader.loadClass(PrimingWithoutRuntimeSerialization.class.getName());
            return (Map<String, Object>) probe.getMethod("run").invoke(null);
        }
    }

    /** The class path surefire runs the tests with (the JVM's own is a manifest-only jar under surefire). */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
