package dev.calroom.support;

import java.time.Clock;
import java.util.Map;

/**
 * The process environment and clock the functions read. On Lambda these are the function's environment variables
 * and the system clock; the local stack, which runs every function in one JVM, installs the template's environment
 * and a clock it can move.
 */
public final class Env {

    private static volatile Map<String, String> variables;
    private static volatile Clock clock = Clock.systemUTC();

    private Env() {
    }

    public static Map<String, String> variables() {
        Map<String, String> v = variables;
        return v != null ? v : System.getenv();
    }

    public static Clock clock() {
        return clock;
    }

    /** For the local stack: the environment and clock every function sees from now on. */
    public static void install(Map<String, String> environment, Clock c) {
        variables = Map.copyOf(environment);
        clock = c;
    }
}
