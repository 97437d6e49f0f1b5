package dev.calroom.dynamodb;

import dev.calroom.aws.AwsClients;
import dev.calroom.domain.Room;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.List;
import java.util.Map;

/** The DynamoDB client of a container ({@link AwsClients}; {@code AWS_ENDPOINT_URL_DYNAMODB} for DynamoDB Local). */
public final class DynamoClients {

    private DynamoClients() {
    }

    public static DynamoDbClient fromEnvironment() {
        return AwsClients.configure(DynamoDbClient.builder(), dev.calroom.support.Env.variables(),
                "AWS_ENDPOINT_URL_DYNAMODB").build();
    }

    /**
     * The request paths of the operations the functions use beside the stores' own reads (which priming takes
     * through the stores), before a SnapStart snapshot and without changing anything: a Query of a room that never
     * exists ({@link Room#PRIMING_NAME}) and writes conditioned on it existing,
     * which DynamoDB refuses. The first request after a restore then finds the marshallers and their classes loaded.
     */
    public static void prime(DynamoDbClient db, String table) {
        String pk = CalroomTable.roomPk(Room.PRIMING_NAME);
        Map<String, AttributeValue> key = Map.of(CalroomTable.PK, AttributeValue.fromS(pk), CalroomTable.SK,
                AttributeValue.fromS(CalroomTable.ROOM_SK));
        AttributeValue primed = AttributeValue.fromSs(List.of("a", "b"));
        try {
            db.queryPaginator(r -> r.tableName(table).keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", CalroomTable.PK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).items().forEach(item -> {
                    });
        } catch (RuntimeException e) {
            // The point is the loaded classes, not the answer.
        }
        try {
            db.updateItem(r -> r.tableName(table).key(key).updateExpression("SET #v = :v")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", CalroomTable.PK, "#v", "primed"))
                    .expressionAttributeValues(Map.of(":v", primed)));
        } catch (RuntimeException refused) {
            // ConditionalCheckFailed: the room does not exist, and nothing was written
        }
        try {
            Map<String, AttributeValue> item = new java.util.HashMap<>(key);
            item.put("primed", primed);
            db.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", CalroomTable.PK)));
        } catch (RuntimeException refused) {
            // ConditionalCheckFailed, as above
        }
        // DynamoDB refuses those writes; a write that lands is answered with these responses, which priming cannot
        // obtain without writing. Their classes, and the accessors of their fields the unmarshaller fills, are
        // initialised here instead.
        UpdateItemResponse.builder().attributes(Map.of()).build();
        PutItemResponse.builder().attributes(Map.of()).build();
        DeleteItemResponse.builder().attributes(Map.of()).build();
        TransactWriteItemsResponse.builder().build();
        // The priming room does not exist, so its reads bring no item back: a stored room and meeting are read into
        // the domain instead, as a request for an existing room reads them.
        DynamoRoomStore.primeReading();
        DynamoMeetingStore.primeReading();
    }
}
