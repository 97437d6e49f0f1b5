package dev.calroom.handler;

import dev.calroom.api.ApiFunction;
import dev.calroom.api.ApiTestBed;
import dev.calroom.domain.Room;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SnapStart priming runs in every container before its snapshot: it must take the request paths (every DynamoDB
 * operation, the handlers' own routes) and change nothing.
 */
class ApiPrimingTest {

    @Test
    void priming_takesEveryWritePath_andChangesNothingStored() throws Exception {
        try (ApiTestBed api = new ApiTestBed(Instant.parse("2026-11-23T08:00:00Z"))) {
            assertEquals(201, api.request("POST /v1/rooms").as("alice", "alice@example.com")
                    .body("{\"name\":\"team\"}").send().status());
            assertEquals(201, api.request("POST /v1/rooms/{room}/meetings").path("room", "team")
                    .as("alice", "alice@example.com").body("{}").send().status());
            List<Map<String, AttributeValue>> before = scan(api);
            api.requests.reset();

            ApiComponents c = api.components;
            List<ApiFunction> functions = List.of(
                    new MeetingsHandler(c.meetingService(), c.meetingClosing(), c.authenticator(), c.views()),
                    new RoomsHandler(c.roomService(), c.authenticator(), c.views()),
                    new FeedHandler(c.feedService(), c.authenticator(), c.views()),
                    new DailyWebhookHandler(c.webhookService()));
            c.prime();
            functions.forEach(ApiFunction::prime);

            assertEquals(before, scan(api), "priming wrote nothing");
            Map<String, Long> operations = api.requests.byOperation();
            assertTrue(operations.getOrDefault("UpdateItem", 0L) >= 1 && operations.getOrDefault("PutItem", 0L) >= 1
                    && operations.getOrDefault("Query", 0L) >= 1 && operations.getOrDefault("GetItem", 0L) >= 1,
                    "priming took the write and read paths: " + operations);
        }
    }

    @Test
    void thePrimingRoom_cannotBeCreated() throws Exception {
        try (ApiTestBed api = new ApiTestBed(Instant.parse("2026-11-23T08:00:00Z"))) {
            ApiTestBed.Reply reply = api.request("POST /v1/rooms").as("mallory", "mallory@example.com")
                    .body("{\"name\":\"" + Room.PRIMING_NAME + "\"}").send();
            assertEquals(400, reply.status(), reply.raw());
        }
    }

    private static List<Map<String, AttributeValue>> scan(ApiTestBed api) {
        return api.db.scan(r -> r.tableName(api.table).consistentRead(true)).items().stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("pk").s())
                        .thenComparing(i -> i.get("sk").s())).toList();
    }
}
