package dev.calroom.dynamodb;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.domain.Presence;
import dev.calroom.domain.Room;
import dev.calroom.meetings.RoomMeetings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Joining and reading one meeting read the room and the meeting in one request, on DynamoDB Local; keys DynamoDB
 * leaves unprocessed when throttled (which DynamoDB Local never does) are injected into its answers.
 */
class RoomWithMeetingReadTest {

    private static final Instant START = Instant.parse("2026-11-23T09:00:00Z");

    /** Leaves the first {@code times} answers' meeting items (or every item) unprocessed, as a throttled read does. */
    private static final class Unprocessed implements ExecutionInterceptor {
        final AtomicInteger remaining = new AtomicInteger();
        final AtomicInteger batchGets = new AtomicInteger();
        volatile boolean everyItem;

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (!(context.response() instanceof BatchGetItemResponse r)) {
                return context.response();
            }
            batchGets.incrementAndGet();
            if (remaining.getAndDecrement() <= 0) {
                return r;
            }
            Map<String, List<Map<String, AttributeValue>>> kept = new HashMap<>();
            Map<String, KeysAndAttributes> left = new HashMap<>();
            r.responses().forEach((table, items) -> {
                List<Map<String, AttributeValue>> keep = new ArrayList<>();
                List<Map<String, AttributeValue>> keys = new ArrayList<>();
                for (Map<String, AttributeValue> item : items) {
                    if (everyItem || !CalroomTable.ROOM_SK.equals(item.get(CalroomTable.SK).s())) {
                        keys.add(Map.of(CalroomTable.PK, item.get(CalroomTable.PK), CalroomTable.SK,
                                item.get(CalroomTable.SK)));
                    } else {
                        keep.add(item);
                    }
                }
                kept.put(table, keep);
                if (!keys.isEmpty()) {
                    left.put(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
                }
            });
            return r.toBuilder().responses(kept).unprocessedKeys(left).build();
        }
    }

    private final Unprocessed unprocessed = new Unprocessed();
    private DynamoDbClient db;
    private String table;
    private DynamoMeetingStore meetings;
    private DynamoRoomStore rooms;

    @BeforeEach
    void setUp() {
        db = LocalDynamo.client(unprocessed);
        table = LocalDynamo.freshTable(db);
        meetings = new DynamoMeetingStore(db, table);
        rooms = new DynamoRoomStore(db, table);
    }

    @AfterEach
    void tearDown() {
        db.deleteTable(b -> b.tableName(table));
    }

    private static Meeting meeting(String room) {
        Instant ends = START.plus(Duration.ofMinutes(30));
        String id = MeetingSlot.lowerBound(START) + "-" + MeetingSlot.lowerBound(ends);
        return new Meeting(id, room, "Standup", START, ends, MeetingStatus.SCHEDULED, Meeting.SOURCE_ADHOC, Set.of(),
                1, null, null, List.of(), Presence.EMPTY, null, ends, null, null, null);
    }

    private Meeting stored(String room) {
        assertTrue(rooms.create(new Room(room, "owner", false, START.minus(Duration.ofDays(1)), null, null)));
        Meeting m = meeting(room);
        assertTrue(meetings.create(m));
        return m;
    }

    @Test
    void roomWithMeeting_readsBoth_inOneRequest() {
        Meeting m = stored("team");

        RoomMeetings read = meetings.roomWithMeeting("team", m.id()).orElseThrow();

        assertEquals("team", read.room().name());
        assertEquals(List.of(m.id()), read.meetings().stream().map(Meeting::id).toList());
        assertEquals("Standup", read.meetings().getFirst().title());
        assertEquals(1, unprocessed.batchGets.get());
    }

    @Test
    void roomWithMeeting_hasNoMeeting_whenTheRoomHasNoneOfThatId() {
        Meeting m = stored("team");
        String other = MeetingSlot.lowerBound(START.plus(Duration.ofDays(1))) + "-"
                + MeetingSlot.lowerBound(START.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(30)));

        RoomMeetings read = meetings.roomWithMeeting("team", other).orElseThrow();

        assertEquals("team", read.room().name());
        assertEquals(List.of(), read.meetings());
        assertTrue(meetings.roomWithMeeting("team", m.id()).isPresent());
    }

    @Test
    void roomWithMeeting_isEmpty_whenOnlyADeletedRoomsMeetingIsLeft() {
        Meeting m = meeting("gone");
        assertTrue(meetings.create(m));

        assertEquals(Optional.empty(), meetings.roomWithMeeting("gone", m.id()));
    }

    @Test
    void roomWithMeeting_asksAgainForUnprocessedKeys_whenThrottled() {
        Meeting m = stored("team");
        unprocessed.remaining.set(2);

        RoomMeetings read = meetings.roomWithMeeting("team", m.id()).orElseThrow();

        assertEquals("team", read.room().name());
        assertEquals(List.of(m.id()), read.meetings().stream().map(Meeting::id).toList());
        assertEquals(3, unprocessed.batchGets.get(), "the meeting's key was asked for again until answered");
    }

    @Test
    void roomWithMeeting_fails_whenKeysStayUnprocessed() {
        Meeting m = stored("team");
        unprocessed.everyItem = true;
        unprocessed.remaining.set(Integer.MAX_VALUE);

        assertThrows(ProvisionedThroughputExceededException.class, () -> meetings.roomWithMeeting("team", m.id()));
        assertEquals(3, unprocessed.batchGets.get());
    }
}
