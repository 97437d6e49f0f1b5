package dev.calroom.handler;

import dev.calroom.sync.SyncSettings;

import java.time.Duration;
import java.util.Map;

/**
 * Settings read from the function's environment (see the README's configuration table). Each is read when a part
 * that needs it is built, so a function reads exactly the variables its own parts use (the template test compares
 * those with what template.yaml sets).
 */
public final class Config {

    private final Map<String, String> env;

    private Config(Map<String, String> env) {
        this.env = env;
    }

    public static Config fromEnvironment() {
        return from(dev.calroom.support.Env.variables());
    }

    public static Config from(Map<String, String> env) {
        return new Config(env);
    }

    public String table() {
        return env.getOrDefault("TABLE_NAME", "calroom");
    }

    public String publicBaseUrl() {
        return env.getOrDefault("PUBLIC_BASE_URL", "http://127.0.0.1:3000");
    }

    public boolean localDevelopment() {
        return Boolean.parseBoolean(env.getOrDefault("CALROOM_LOCAL_DEVELOPMENT", "false"));
    }

    public SyncSettings syncSettings() {
        return new SyncSettings(
                Duration.parse(env.getOrDefault("SYNC_WINDOW_BEHIND", "PT1H")),
                Duration.parse(env.getOrDefault("SYNC_WINDOW_AHEAD", "PT24H")),
                Duration.parse(env.getOrDefault("SYNC_LOOKAHEAD", "PT24H")),
                Duration.parse(env.getOrDefault("SYNC_LEASE", "PT2M")), publicBaseUrl(),
                Integer.parseInt(env.getOrDefault("SYNC_MAX_OCCURRENCES_PER_SYNC",
                        Integer.toString(SyncSettings.DEFAULT_MAX_OCCURRENCES_PER_SYNC))),
                Integer.parseInt(env.getOrDefault("SYNC_MAX_MEETINGS_PER_WINDOW",
                        Integer.toString(SyncSettings.DEFAULT_MAX_MEETINGS_PER_WINDOW))));
    }

    public int syncConcurrency() {
        return Integer.parseInt(env.getOrDefault("SYNC_CONCURRENCY", "16"));
    }

    /** The dispatcher's settings ({@code SYNC_DISPATCH_*}, {@code SYNC_INLINE_MAX_ROOMS}, {@code SYNC_HOST_RATE}). */
    public dev.calroom.sync.DispatchSettings dispatchSettings() {
        return new dev.calroom.sync.DispatchSettings(Duration.ofMinutes(1),
                Integer.parseInt(env.getOrDefault("SYNC_INLINE_MAX_ROOMS", "20")),
                Integer.parseInt(env.getOrDefault("SYNC_DISPATCH_MAX_ROOMS", "50000")),
                Duration.parse(env.getOrDefault("SYNC_REDISPATCH_AFTER", "PT15M")),
                Integer.parseInt(env.getOrDefault("SYNC_HOST_RATE", "500")),
                dev.calroom.dynamodb.CalroomTable.SYNC_SHARDS);
    }

    public int maxRoomsPerRun() {
        return Integer.parseInt(env.getOrDefault("SYNC_MAX_ROOMS_PER_RUN", "500"));
    }
}
