package dev.calroom.support;

import java.time.Clock;
import java.util.Map;

/**
 * The process environment and clock the functions read: the function's environment variables and the system
 * clock. The local stack runs each function in a process of its own with the template's environment and names a
 * file holding its clock's offset ({@code CALROOM_LOCAL_CLOCK_FILE}), so that moving the local clock moves every
 * function's. Tests install an environment and clock in-process.
 */
public final class Env {

    private static volatile Map<String, String> variables;
    private static final Clock SYSTEM = Clock.systemUTC();
    private static volatile Clock clock = SYSTEM;

    private Env() {
    }

    public static Map<String, String> variables() {
        Map<String, String> v = variables;
        return v != null ? v : System.getenv();
    }

    public static Clock clock() {
        Clock c = clock;
        if (c == SYSTEM) {
            String file = variables().get("CALROOM_LOCAL_CLOCK_FILE");
            if (file != null && !file.isBlank()) {
                c = new OffsetFileClock(java.nio.file.Path.of(file));
                clock = c;
            }
        }
        return c;
    }

    /** For the local stack: the environment and clock every function sees from now on. */
    public static void install(Map<String, String> environment, Clock c) {
        variables = java.util.Collections.unmodifiableMap(environment);
        clock = c;
    }
}
