package dev.calroom.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void queuedLeaseClaim_alsoRequiresTheDispatchMarkItWasSentFor() {
        var req = new DynamoRoomStore(unused, "t").claimRequest("team", "me", now, now.plusSeconds(120),
                now.plusSeconds(300), now.plusSeconds(900));
        assertEquals("attribute_exists(#pk) AND (attribute_not_exists(#lu) OR #lu <= :now) AND #next = :dispatched",
                req.conditionExpression());
        assertEquals("nextSyncAt", req.expressionAttributeNames().get("#next"));
        assertEquals("2026-11-23T08:15:00.000Z", req.expressionAttributeValues().get(":dispatched").s());
    }

    @Test
    void dispatchMark_movesTheNextSyncTime_onlyFromTheValueRead_ofAnEnabledFeed() {
        var req = new DynamoRoomStore(unused, "t").dispatchRequest("team", now, now.plusSeconds(900));
        assertEquals("attribute_exists(#shard) AND #next = :seen", req.conditionExpression());
        assertEquals("SET #next = :until", req.updateExpression());
        assertEquals(Map.of("#shard", "syncShard", "#next", "nextSyncAt"), req.expressionAttributeNames());
        assertEquals("2026-11-23T08:00:00.000Z", req.expressionAttributeValues().get(":seen").s());
        assertEquals("2026-11-23T08:15:00.000Z", req.expressionAttributeValues().get(":until").s());
    }

    @Test
    void rateLimitTake_countsUpOnlyBelowTheLimit_inItsWindowItem() {
        var req = new DynamoRateLimiter(unused, "t").takeRequest("adhoc-caller#203.0.113.7", 5, 1_795_500_000L, 600);
        assertEquals("attribute_not_exists(#count) OR #count < :limit", req.conditionExpression());
        assertEquals("ADD #count :one SET #ttl = :ttl", req.updateExpression());
        assertEquals("count", req.expressionAttributeNames().get("#count"));
        assertEquals("expiresAt", req.expressionAttributeNames().get("#ttl"));
        assertEquals("5", req.expressionAttributeValues().get(":limit").n());
        assertEquals("LIMIT#adhoc-caller#203.0.113.7", req.key().get("pk").s());
        assertEquals("W#1795500000", req.key().get("sk").s());
        assertEquals("1795504200", req.expressionAttributeValues().get(":ttl").n());
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
        assertEquals(Long.toString(now.plus(CalroomTable.HISTORY).getEpochSecond()),
                req.expressionAttributeValues().get(":ttl").n(), "a cancelled meeting expires after the history");
    }

    @Test
    void updateFromBookings_neverReopensAStartedCancelledMeeting_andAMovedEndIsDueAtOnce() {
        var details = new dev.calroom.sync.BookingDetails(Set.of("k"), "k", "Plan", null, "Room 1", java.util.List.of(),
                null);
        var req = new DynamoMeetingStore(unused, "t").updateFromBookingsRequest("team", "id", details, 2, true, now);
        assertEquals("#v = :v AND (#st <> :cancelled OR #starts > :now)", req.conditionExpression());
        assertEquals("SET #v = :next, #up = :now, #sources = :sources, #detailsSource = :detailsSource, "
                + "#title = :title, #location = :location, #st = :scheduled, #lc = :lc, #na = :now "
                + "REMOVE #description, #attendees, #ca, #ttl", req.updateExpression(),
                "a rescheduled meeting is due for the lifecycle at once");
        var moved = new DynamoMeetingStore(unused, "t").updateFromBookingsRequest("team", "id",
                new dev.calroom.sync.BookingDetails(Set.of("k"), "k", "Plan", null, null, java.util.List.of(),
                        now.plusSeconds(1800)), 3, false, now);
        assertEquals("#v = :v AND (#st <> :cancelled OR #starts > :now)", moved.conditionExpression());
        assertTrue(moved.updateExpression().contains("#ends = :ends") && moved.updateExpression().contains("#na = :now"),
                moved.updateExpression());
    }

    @Test
    void forgetVideoRoom_removesOnlyTheRoomThatWasDeleted() {
        var req = new DynamoMeetingStore(unused, "t").forgetVideoRoomRequest("team", "id", "cr_team_id", now);
        assertEquals("#vr = :vr", req.conditionExpression());
        assertEquals("cr_team_id", req.expressionAttributeValues().get(":vr").s());
        assertEquals("SET #up = :now REMOVE #vr, #vu, #vx ADD #v :one", req.updateExpression());
    }

    @Test
    void attachVideoRoom_onlyOnAnOpenMeetingHoldingNoOtherRoom() {
        var req = new DynamoMeetingStore(unused, "t").attachVideoRequest("team", "id",
                new dev.calroom.domain.VideoRoom("cr_team_id", "https://d.example/cr_team_id", now.plusSeconds(3600)),
                now);
        assertEquals("(#st = :scheduled OR #st = :active) AND (attribute_not_exists(#vr) OR #vr = :vr)",
                req.conditionExpression());
        assertEquals("videoRoomName", req.expressionAttributeNames().get("#vr"));
        assertEquals("cr_team_id", req.expressionAttributeValues().get(":vr").s());
    }

    @Test
    void extendHardEnd_onlyMovesLater_andOnlyWhileActive() {
        var req = new DynamoMeetingStore(unused, "t").extendRequest("team", "id", now.plusSeconds(1800), now);
        assertEquals("#st = :active AND (attribute_not_exists(#he) OR #he < :he)", req.conditionExpression());
        assertEquals("2026-11-23T08:30:00.000Z", req.expressionAttributeValues().get(":he").s());
    }

    @Test
    void presenceConditions_countEachSessionOnce() {
        assertEquals("attribute_exists(#pk) AND attribute_not_exists(#p.#sid) AND attribute_not_exists(#d.#sid) "
                + "AND (#st = :scheduled OR #st = :active)", DynamoMeetingStore.JOIN_CONDITION);
        assertEquals("attribute_exists(#p.#sid)", DynamoMeetingStore.LEAVE_CONDITION);
        assertEquals("attribute_exists(#pk) AND attribute_not_exists(#d.#sid)", DynamoMeetingStore.EARLY_LEAVE_CONDITION);
    }

    @Test
    void manualSync_atMostOncePerInterval() {
        var req = new DynamoRoomStore(unused, "t").manualSyncRequest("team", now, java.time.Duration.ofSeconds(30));
        assertEquals("attribute_exists(#pk) AND (attribute_not_exists(#ms) OR #ms <= :cutoff)",
                req.conditionExpression());
        assertEquals("2026-11-23T07:59:30.000Z", req.expressionAttributeValues().get(":cutoff").s());
    }

    @Test
    void webhookDelivery_isRecordedAfterItWasApplied_unconditionally() {
        var req = new DynamoWebhookStore(unused, "t").deliveredRequest("ptcpt-join-1", now.plusSeconds(60));
        assertEquals(null, req.conditionExpression(), "recording twice is harmless: the event was applied once");
        assertEquals("WEBHOOK#ptcpt-join-1", req.item().get("pk").s());
        assertEquals(Long.toString(now.plusSeconds(60).getEpochSecond()), req.item().get("expiresAt").n());
    }

    @Test
    void roomUpdate_disablingTheFeedLeavesTheDueIndex() {
        var patch = new dev.calroom.sync.RoomPatch(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(false), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), false);
        var req = new DynamoRoomStore(unused, "t").updateRequest("team", patch, now);
        assertEquals("attribute_exists(#pk)", req.conditionExpression());
        assertEquals("SET #up = :now, #icsEnabled = :icsEnabled REMOVE #syncShard", req.updateExpression());
    }

    @Test
    void lifecycleClaim_onlyAtTheActionTimeSeen_andEndOnlyFromOpenAtTheVersionRead() {
        var store = new DynamoMeetingStore(unused, "t");
        var claim = store.claimRequest(new dev.calroom.lifecycle.DueMeeting("team", "id", now), now.plusSeconds(120));
        assertEquals("#na = :seen", claim.conditionExpression());
        assertEquals("2026-11-23T08:00:00.000Z", claim.expressionAttributeValues().get(":seen").s());
        assertEquals("2026-11-23T08:02:00.000Z", claim.expressionAttributeValues().get(":lease").s());
        var end = store.endRequest("team", "id", 7, now);
        assertEquals("#v = :v AND (#st = :scheduled OR #st = :active)", end.conditionExpression());
        assertEquals("7", end.expressionAttributeValues().get(":v").n());
        assertEquals("#st = :ended OR #st = :cancelled", DynamoMeetingStore.ROOM_DELETED_CONDITION);
    }

    @Test
    void ownerEndAndCancel_areConditionalOnTheVersionRead_andMakeTheMeetingDueForTheLifecycle() {
        Instant now = Instant.parse("2026-11-23T08:00:00Z");
        DynamoMeetingStore store = new DynamoMeetingStore(unused, "t");
        var end = store.endNowRequest("team", "id", 7, now);
        assertEquals("#v = :v AND (#st = :scheduled OR #st = :active)", end.conditionExpression());
        assertEquals("7", end.expressionAttributeValues().get(":v").n());
        assertEquals("ended", end.expressionAttributeValues().get(":ended").s());
        assertEquals("2026-11-23T08:00:00.000Z", end.expressionAttributeValues().get(":now").s());
        assertTrue(end.updateExpression().contains("#na = :now"), end.updateExpression());
        var cancel = store.cancelUnstartedRequest("team", "id", 3, now);
        assertEquals("#v = :v AND #st = :scheduled", cancel.conditionExpression());
        assertEquals("3", cancel.expressionAttributeValues().get(":v").n());
        assertEquals("cancelled", cancel.expressionAttributeValues().get(":cancelled").s());
        assertTrue(cancel.updateExpression().contains("#na = :now"), cancel.updateExpression());
    }

    @Test
    void listingMeetings_isOneQuery_fromTheFirstMeetingToTheRoomItem() {
        Instant now = Instant.parse("2026-11-23T08:00:00Z");
        var q = new DynamoMeetingStore(unused, "t").roomWithMeetingsRequest("team", now.minusSeconds(3600),
                now.plusSeconds(86400));
        assertEquals("#pk = :pk AND #sk BETWEEN :from AND :room", q.keyConditionExpression());
        assertEquals("MEETING#20261123T070000Z", q.expressionAttributeValues().get(":from").s());
        assertEquals("ROOM", q.expressionAttributeValues().get(":room").s());
        assertEquals("attribute_not_exists(#starts) OR #starts < :to", q.filterExpression());
        assertEquals("2026-11-24T08:00:00.000Z", q.expressionAttributeValues().get(":to").s());
        assertTrue(q.consistentRead());
    }
    @Test
    void readingOneMeeting_isOneConsistentBatchGet_ofTheRoomAndTheMeeting() {
        var r = new DynamoMeetingStore(unused, "t").roomWithMeetingRequest("team",
                "20261123T090000Z-20261123T093000Z");
        assertEquals(Set.of("t"), r.requestItems().keySet());
        var keys = r.requestItems().get("t");
        assertTrue(keys.consistentRead());
        assertEquals(List.of(Map.of("pk", "ROOM#team", "sk", "ROOM"),
                        Map.of("pk", "ROOM#team", "sk", "MEETING#20261123T090000Z-20261123T093000Z")),
                keys.keys().stream().map(k -> Map.of("pk", k.get("pk").s(), "sk", k.get("sk").s())).toList());
    }
}
