package dev.calroom.dynamodb;

import dev.calroom.webhooks.WebhookStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Instant;
import java.util.Map;

import static dev.calroom.dynamodb.Attrs.n;
import static dev.calroom.dynamodb.Attrs.s;
import static dev.calroom.dynamodb.CalroomTable.PK;
import static dev.calroom.dynamodb.CalroomTable.SK;

/** Applied webhook ids: {@code pk=WEBHOOK#<id>, sk=WEBHOOK}, expired by the table's TTL. */
public final class DynamoWebhookStore implements WebhookStore {

    private final DynamoDbClient db;
    private final String table;

    public DynamoWebhookStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(PK, s(CalroomTable.WEBHOOK_PREFIX + id), SK, s(CalroomTable.WEBHOOK_SK));
    }

    @Override
    public boolean delivered(String eventId) {
        GetItemResponse r = db.getItem(b -> b.tableName(table).key(key(eventId)).consistentRead(true));
        return r.hasItem() && !r.item().isEmpty();
    }

    @Override
    public void markDelivered(String eventId, Instant forgetAfter) {
        db.putItem(deliveredRequest(eventId, forgetAfter));
    }

    PutItemRequest deliveredRequest(String eventId, Instant forgetAfter) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(eventId));
        item.put("type", s("webhook"));
        item.put(CalroomTable.TTL, n(forgetAfter.getEpochSecond()));
        return PutItemRequest.builder().tableName(table).item(item).build();
    }
}
