package dev.calroom.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The exact conditions of calroom's writes; no DynamoDB needed to build a request. */
class WriteConditionsTest {

    private final DynamoDbClient unused = null;
    private final Instant now = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void leaseClaim_requiresAnExistingRoom_andNoUnexpiredLease() {
        var req = new DynamoRoomStore(unused, "t").claimRequest("team", "me", now, now.plusSeconds(120),
                now.plusSeconds(300));
        assertEquals("attribute_exists(#pk) AND (attribute_not_exists(#lu) OR #lu <= :now)",
                req.conditionExpression());
        assertEquals("leaseUntil", req.expressionAttributeNames().get("#lu"));
        assertEquals("2026-11-23T08:00:00.000Z", req.expressionAttributeValues().get(":now").s());
        assertEquals("2026-11-23T08:05:00.000Z", req.expressionAttributeValues().get(":next").s());
    }

    @Test
    void meetingCreate_isConditionalOnTheSlotKey() {
        var m = dev.calroom.domain.Meeting.calendar("20261123T100000Z-20261123T110000Z", "team", "t",
                Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T11:00:00Z"),
                Set.of("a\u001f-"), null, null, java.util.List.of());
        var req = new DynamoMeetingStore(unused, "t").createRequest(m, now);
        assertEquals("attribute_not_exists(#pk)", req.conditionExpression());
        assertEquals("pk", req.expressionAttributeNames().get("#pk"));
        assertEquals("MEETING#20261123T100000Z-20261123T110000Z", req.item().get("sk").s());
    }

    @Test
    void meetingCancel_onlyTouchesAScheduledUnstartedMeetingAtTheVersionRead() {
        var req = new DynamoMeetingStore(unused, "t").cancelRequest("team", "id", 4, now);
        assertEquals("#v = :v AND #st = :scheduled AND #starts > :now", req.conditionExpression());
        assertEquals("4", req.expressionAttributeValues().get(":v").n());
        assertEquals("5", req.expressionAttributeValues().get(":next").n());
    }

    @Test
    void replaceSources_neverReopensAStartedCancelledMeeting() {
        var req = new DynamoMeetingStore(unused, "t").replaceSourcesRequest("team", "id", Set.of("k"), 2, true, now);
        assertEquals("#v = :v AND (#st <> :cancelled OR #starts > :now)", req.conditionExpression());
        assertEquals("SET #v = :next, #up = :now, #src = :src, #st = :scheduled REMOVE #ca", req.updateExpression());
    }
}
