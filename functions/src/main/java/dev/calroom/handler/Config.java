package dev.calroom.handler;

import dev.calroom.sync.SyncSettings;

import java.time.Duration;
import java.util.Map;

/** Settings read from the function's environment (see the README's configuration table). */
public record Config(String table, String publicBaseUrl, boolean localDevelopment, SyncSettings syncSettings,
                     int syncConcurrency, int maxRoomsPerRun) {

    public static Config fromEnvironment() {
        return from(dev.calroom.support.Env.variables());
    }

    public static Config from(Map<String, String> env) {
        String table = env.getOrDefault("TABLE_NAME", "calroom");
        String base = env.getOrDefault("PUBLIC_BASE_URL", "http://127.0.0.1:3000");
        boolean local = Boolean.parseBoolean(env.getOrDefault("CALROOM_LOCAL_DEVELOPMENT", "false"));
        SyncSettings sync = new SyncSettings(
                Duration.parse(env.getOrDefault("SYNC_WINDOW_BEHIND", "PT1H")),
                Duration.parse(env.getOrDefault("SYNC_WINDOW_AHEAD", "PT24H")),
                Duration.parse(env.getOrDefault("SYNC_LOOKAHEAD", "PT24H")),
                Duration.parse(env.getOrDefault("SYNC_LEASE", "PT2M")), base);
        int concurrency = Integer.parseInt(env.getOrDefault("SYNC_CONCURRENCY", "16"));
        int maxRooms = Integer.parseInt(env.getOrDefault("SYNC_MAX_ROOMS_PER_RUN", "500"));
        return new Config(table, base, local, sync, concurrency, maxRooms);
    }
}
