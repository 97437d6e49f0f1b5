package dev.calroom.dynamodb;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.sync.MeetingStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.calroom.dynamodb.Attrs.n;
import static dev.calroom.dynamodb.Attrs.putIfPresent;
import static dev.calroom.dynamodb.Attrs.s;
import static dev.calroom.dynamodb.Attrs.str;
import static dev.calroom.dynamodb.Attrs.time;
import static dev.calroom.dynamodb.CalroomTable.MEETING_PREFIX;
import static dev.calroom.dynamodb.CalroomTable.PK;
import static dev.calroom.dynamodb.CalroomTable.SK;
import static dev.calroom.dynamodb.CalroomTable.roomPk;

/**
 * Meetings: {@code pk=ROOM#<name>, sk=MEETING#<id>}. The id of a calendar meeting starts with its start instant
 * (see {@link MeetingSlot}), so a room's meetings are read in time order from the base table, and creating one is a
 * conditional put on that key: two runs creating the same slot produce one meeting.
 */
public final class DynamoMeetingStore implements MeetingStore {

    /** A meeting is created only where none exists. */
    static final String CREATE_CONDITION = "attribute_not_exists(#pk)";
    /** Sources change only on the version read, and never bring back a cancelled meeting that has started. */
    static final String REPLACE_SOURCES_CONDITION = "#v = :v AND (#st <> :cancelled OR #starts > :now)";
    /** Only a scheduled meeting that has not started is cancelled, and only on the version read. */
    static final String CANCEL_CONDITION = "#v = :v AND #st = :scheduled AND #starts > :now";

    private final DynamoDbClient db;
    private final String table;

    public DynamoMeetingStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String room, String id) {
        return Map.of(PK, s(roomPk(room)), SK, s(MEETING_PREFIX + id));
    }

    @Override
    public List<Meeting> listStartingBetween(String room, Instant from, Instant to) {
        QueryRequest q = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(roomPk(room)),
                        ":from", s(MEETING_PREFIX + MeetingSlot.lowerBound(from)),
                        ":to", s(MEETING_PREFIX + MeetingSlot.lowerBound(to))))
                .consistentRead(true).build();
        List<Meeting> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(item -> out.add(fromItem(item)));
        return out;
    }

    @Override
    public Optional<Meeting> get(String room, String meetingId) {
        GetItemResponse r = db.getItem(b -> b.tableName(table).key(key(room, meetingId)).consistentRead(true));
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(fromItem(r.item())) : Optional.empty();
    }

    @Override
    public boolean create(Meeting m) {
        try {
            db.putItem(createRequest(m, Instant.now()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    PutItemRequest createRequest(Meeting m, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(m.roomName(), m.id()));
        item.put("type", s("meeting"));
        item.put("id", s(m.id()));
        item.put("roomName", s(m.roomName()));
        putIfPresent(item, "title", Attrs.cap(m.title(), 1024));
        item.put("startsAt", time(m.startsAt()));
        item.put("endsAt", time(m.endsAt()));
        item.put("status", s(m.status().wire()));
        item.put("source", s(m.source()));
        if (!m.sources().isEmpty()) {
            item.put("sources", AttributeValue.fromSs(List.copyOf(m.sources())));
        }
        item.put("version", n(m.version()));
        item.put("participantCount", n(0));
        putIfPresent(item, "description", Attrs.cap(m.description(), 16_384));
        putIfPresent(item, "location", Attrs.cap(m.location(), 2048));
        if (m.attendees() != null && !m.attendees().isEmpty()) {
            item.put("attendees", Attrs.attendees(m.attendees().subList(0, Math.min(200, m.attendees().size()))));
        }
        item.put("createdAt", time(now));
        return PutItemRequest.builder().tableName(table).item(item).conditionExpression(CREATE_CONDITION)
                .expressionAttributeNames(Map.of("#pk", PK)).build();
    }

    @Override
    public boolean replaceSources(String room, String meetingId, Set<String> sources, long expectedVersion,
                                  boolean reschedule, Instant now) {
        try {
            db.updateItem(replaceSourcesRequest(room, meetingId, sources, expectedVersion, reschedule, now));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    UpdateItemRequest replaceSourcesRequest(String room, String meetingId, Set<String> sources,
                                            long expectedVersion, boolean reschedule, Instant now) {
        Map<String, String> names = new HashMap<>(Map.of("#v", "version", "#st", "status", "#starts", "startsAt",
                "#src", "sources", "#up", "updatedAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":v", n(expectedVersion),
                ":next", n(expectedVersion + 1), ":cancelled", s(MeetingStatus.CANCELLED.wire()),
                ":now", time(now)));
        StringBuilder expr = new StringBuilder("SET #v = :next, #up = :now");
        if (!sources.isEmpty()) {
            values.put(":src", AttributeValue.fromSs(List.copyOf(sources)));
            expr.append(", #src = :src");
        }
        if (reschedule) {
            values.put(":scheduled", s(MeetingStatus.SCHEDULED.wire()));
            expr.append(", #st = :scheduled");
        }
        List<String> remove = new ArrayList<>();
        if (sources.isEmpty()) {
            remove.add("#src");
        }
        if (reschedule) {
            names.put("#ca", "cancelledAt");
            remove.add("#ca");
        }
        if (!remove.isEmpty()) {
            expr.append(" REMOVE ").append(String.join(", ", remove));
        }
        return UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression(expr.toString()).conditionExpression(REPLACE_SOURCES_CONDITION)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    @Override
    public boolean cancel(String room, String meetingId, long expectedVersion, Instant now) {
        try {
            db.updateItem(cancelRequest(room, meetingId, expectedVersion, now));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    UpdateItemRequest cancelRequest(String room, String meetingId, long expectedVersion, Instant now) {
        return UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression("SET #st = :cancelled, #ca = :now, #v = :next, #up = :now REMOVE #src")
                .conditionExpression(CANCEL_CONDITION)
                .expressionAttributeNames(Map.of("#st", "status", "#ca", "cancelledAt", "#v", "version",
                        "#up", "updatedAt", "#src", "sources", "#starts", "startsAt"))
                .expressionAttributeValues(Map.of(":cancelled", s(MeetingStatus.CANCELLED.wire()),
                        ":scheduled", s(MeetingStatus.SCHEDULED.wire()), ":now", time(now),
                        ":v", n(expectedVersion), ":next", n(expectedVersion + 1)))
                .build();
    }

    static Meeting fromItem(Map<String, AttributeValue> item) {
        AttributeValue src = item.get("sources");
        Set<String> sources = src != null && src.hasSs() ? new HashSet<>(src.ss()) : Set.of();
        return new Meeting(str(item, "id"), str(item, "roomName"), str(item, "title"),
                Attrs.instant(item, "startsAt"), Attrs.instant(item, "endsAt"),
                MeetingStatus.fromWire(str(item, "status")), str(item, "source"), Set.copyOf(sources),
                Attrs.num(item, "version", 0), str(item, "description"), str(item, "location"),
                Attrs.attendees(item, "attendees"));
    }
}
