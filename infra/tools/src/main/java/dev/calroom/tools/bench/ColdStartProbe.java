package dev.calroom.tools.bench;

/**
 * Where a cold init goes, in a fresh JVM: the JVM's start to main, building the DynamoDB client, Jackson's first
 * use. (The cold start itself is measured through the runtime interface client, by the local stack.)
 * Argument: the spawn time (epoch ms).
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) {
        long spawnedAt = Long.parseLong(args[0]);
        long main = System.currentTimeMillis();
        long t0 = System.nanoTime();
        var db = dev.calroom.dynamodb.DynamoClients.fromEnvironment();
        long t1 = System.nanoTime();
        new dev.calroom.api.Views("https://rooms.example.com", dev.calroom.domain.MeetingPolicy.defaults())
                .room(new dev.calroom.domain.Room("probe", "owner", false, java.time.Instant.EPOCH, null, null), true)
                .toString();
        long t2 = System.nanoTime();
        db.close();
        System.out.println("PROBE jvm-to-main=" + (main - spawnedAt) + " dynamodb-client=" + (t1 - t0) / 1_000_000
                + " jackson-first-use=" + (t2 - t1) / 1_000_000);
    }
}
