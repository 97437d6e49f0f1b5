package dev.calroom.dynamodb;

import dev.calroom.meetings.RateLimiter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Fixed-window counters in the table: one item per key and window ({@code LIMIT#<key>} / {@code W#<start>}), counted
 * up by a conditional ADD that fails once the limit is reached, and removed by the table's TTL after the window.
 */
public final class DynamoRateLimiter implements RateLimiter {

    static final String CONDITION = "attribute_not_exists(#count) OR #count < :limit";

    private final DynamoDbClient db;
    private final String table;

    public DynamoRateLimiter(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public Optional<Duration> take(String key, int limit, Duration window, Instant now) {
        long size = window.toSeconds();
        long start = now.getEpochSecond() / size * size;
        try {
            db.updateItem(takeRequest(key, limit, start, size));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            return Optional.of(Duration.ofSeconds(Math.max(1, start + size - now.getEpochSecond())));
        }
    }

    UpdateItemRequest takeRequest(String key, int limit, long windowStart, long windowSeconds) {
        return UpdateItemRequest.builder().tableName(table)
                .key(Map.of(CalroomTable.PK, AttributeValue.fromS("LIMIT#" + key),
                        CalroomTable.SK, AttributeValue.fromS("W#" + windowStart)))
                .updateExpression("ADD #count :one SET #ttl = :ttl")
                .conditionExpression(CONDITION)
                .expressionAttributeNames(Map.of("#count", "count", "#ttl", CalroomTable.TTL))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                        ":limit", AttributeValue.fromN(Integer.toString(limit)),
                        ":ttl", AttributeValue.fromN(Long.toString(windowStart + windowSeconds + 3600))))
                .build();
    }
}
