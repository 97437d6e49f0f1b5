package dev.calroom.tools.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.Map;

/** Handlers that misbehave the ways a function can, for the local runtime's tests. */
public final class MisbehavingHandlers {

    private MisbehavingHandlers() {
    }

    /** Sleeps as many seconds as the event says, then answers how many invocations its JVM has served. */
    public static final class Sleepy implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        private int served;

        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            try {
                Thread.sleep(((Number) event.getOrDefault("sleepSeconds", 0)).longValue() * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (Boolean.TRUE.equals(event.get("crash"))) {
                Runtime.getRuntime().halt(3);
            }
            if (Boolean.TRUE.equals(event.get("fail"))) {
                throw new IllegalStateException("asked to fail");
            }
            return Map.of("served", ++served, "memory", System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"),
                    "sees", System.getenv().containsKey("SECRET_OF_ANOTHER_FUNCTION"));
        }
    }

    /** Fails in its constructor: the function's init. */
    public static final class BrokenInit implements RequestHandler<Map<String, Object>, String> {
        public BrokenInit() {
            throw new IllegalStateException("init failed on purpose");
        }

        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            return "never";
        }
    }
}
