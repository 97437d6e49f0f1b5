package dev.calroom.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The single calroom table: key and index names, item key prefixes. template.yaml declares the same table; a test
 * checks that the two agree.
 */
public final class CalroomTable {

    public static final String PK = "pk";
    public static final String SK = "sk";

    /** Sparse index of rooms with an enabled feed: partition {@link #SYNC_SHARD}, sort {@link #NEXT_SYNC_AT}. */
    public static final String DUE_SYNC_INDEX = "due-sync";
    public static final String SYNC_SHARD = "syncShard";
    public static final String NEXT_SYNC_AT = "nextSyncAt";
    /** Rooms are spread over this many index partitions, so no single partition takes every room. */
    /**
     * Shards of the due-sync index, read in parallel by the dispatcher. A shard's partition takes about 1,000 writes
     * a second; 16 leave room for 100,000 rooms moving their next sync time every few minutes. Raising the number
     * keeps older rooms findable: their shard names stay within the range read.
     */
    public static final int SYNC_SHARDS = 16;
    /** A room's feed host, projected into the due-sync index so the dispatcher can spread each host's requests. */
    public static final String FEED_HOST = "feedHost";

    /**
     * Sparse index of meetings with lifecycle work ahead: partition {@link #LC_SHARD}, sort {@link #NEXT_ACTION_AT}.
     * A meeting leaves it once it is over and its video room is deleted.
     */
    public static final String DUE_LIFECYCLE_INDEX = "due-lifecycle";
    public static final String LC_SHARD = "lcShard";
    public static final String NEXT_ACTION_AT = "nextActionAt";
    public static final int LC_SHARDS = 4;

    /** Items that expire carry their expiry (epoch seconds) here; the table's TTL attribute. */
    public static final String TTL = "expiresAt";
    /** How long past events and over meetings are kept before the table's TTL removes them. */
    public static final java.time.Duration HISTORY = java.time.Duration.ofDays(90);

    /** Rooms by owner: partition {@link #OWNER}, sort {@link #ROOM_NAME}; only room items carry both. */
    public static final String ROOMS_BY_OWNER_INDEX = "rooms-by-owner";
    public static final String OWNER = "ownerSub";
    public static final String ROOM_NAME = "name";

    public static final String ROOM_PREFIX = "ROOM#";
    public static final String ROOM_SK = "ROOM";
    public static final String EVENT_PREFIX = "EVENT#";
    public static final String MEETING_PREFIX = "MEETING#";
    public static final String WEBHOOK_PREFIX = "WEBHOOK#";
    public static final String WEBHOOK_SK = "WEBHOOK";

    private CalroomTable() {
    }

    public static String roomPk(String room) {
        return ROOM_PREFIX + room;
    }

    public static String lifecycleShardOf(String room, String meetingId) {
        return "lc#" + Math.floorMod((room + "/" + meetingId).hashCode(), LC_SHARDS);
    }

    public static String shardOf(String room) {
        return "due#" + Math.floorMod(room.hashCode(), SYNC_SHARDS);
    }

    /** The table as code creates it (tests, the local stack); template.yaml holds the deployed equivalent. */
    public static CreateTableRequest definition(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attr(PK), attr(SK), attr(SYNC_SHARD), attr(NEXT_SYNC_AT), attr(OWNER), attr(ROOM_NAME),
                        attr(LC_SHARD), attr(NEXT_ACTION_AT))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(DUE_SYNC_INDEX)
                        .keySchema(key(SYNC_SHARD, KeyType.HASH), key(NEXT_SYNC_AT, KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes(FEED_HOST).build())
                        .build(),
                        GlobalSecondaryIndex.builder()
                        .indexName(DUE_LIFECYCLE_INDEX)
                        .keySchema(key(LC_SHARD, KeyType.HASH), key(NEXT_ACTION_AT, KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                        .build(),
                        GlobalSecondaryIndex.builder()
                        .indexName(ROOMS_BY_OWNER_INDEX)
                        .keySchema(key(OWNER, KeyType.HASH), key(ROOM_NAME, KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
