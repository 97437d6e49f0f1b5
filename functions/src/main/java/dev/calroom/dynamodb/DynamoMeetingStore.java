package dev.calroom.dynamodb;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.domain.Room;
import dev.calroom.domain.Presence;
import dev.calroom.domain.VideoRoom;
import dev.calroom.support.Hashes;
import dev.calroom.lifecycle.DueMeeting;
import dev.calroom.lifecycle.LifecycleStore;
import dev.calroom.meetings.ClosingStore;
import dev.calroom.meetings.MeetingListStore;
import dev.calroom.meetings.RoomMeetings;
import dev.calroom.meetings.VideoParticipant;
import dev.calroom.sync.AdhocCreation;
import dev.calroom.sync.BookingDetails;
import dev.calroom.sync.MeetingStore;
import dev.calroom.sync.PresenceChange;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
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
public final class DynamoMeetingStore implements MeetingStore, LifecycleStore, ClosingStore, MeetingListStore {

    /** A meeting is created only where none exists. */
    static final String CREATE_CONDITION = "attribute_not_exists(#pk)";
    /** Bookings change a meeting only on the version read, and never bring back a cancelled one that has started. */
    static final String REPLACE_SOURCES_CONDITION = "#v = :v AND (#st <> :cancelled OR #starts > :now)";
    /** Only a scheduled meeting that has not started is cancelled, and only on the version read. */
    static final String CANCEL_CONDITION = "#v = :v AND #st = :scheduled AND #starts > :now";
    /** A video room is recorded only on an open meeting that holds no other room. */
    static final String ATTACH_VIDEO_CONDITION =
            "(#st = :scheduled OR #st = :active) AND (attribute_not_exists(#vr) OR #vr = :vr)";
    /** The hard end only moves later, and only while the meeting is active. */
    static final String EXTEND_CONDITION = "#st = :active AND (attribute_not_exists(#he) OR #he < :he)";
    /** A join counts once per session, never after that session left, and never on a meeting that is over. */
    static final String JOIN_CONDITION = "attribute_exists(#pk) AND attribute_not_exists(#p.#sid) "
            + "AND attribute_not_exists(#d.#sid) AND (#st = :scheduled OR #st = :active)";
    /** A leave removes a session that is present. */
    static final String LEAVE_CONDITION = "attribute_exists(#p.#sid)";
    /** A leave that arrives before its join is remembered, so the late join is ignored. */
    static final String EARLY_LEAVE_CONDITION = "attribute_exists(#pk) AND attribute_not_exists(#d.#sid)";
    static final String IDEMPOTENCY_PREFIX = "IDEMPOTENCY#";
    /** A key's record is written when there is none, or the one there has expired. */
    static final String IDEMPOTENCY_CONDITION = "attribute_not_exists(#pk) OR #exp < :now";
    /** Tries of an idempotent create that meets concurrent transactions or an unknown outcome. */
    static final int IDEMPOTENCY_ATTEMPTS = 6;
    /** A run claims a due meeting only at the action time it saw, so two runs never work on one meeting at once. */
    static final String CLAIM_CONDITION = "#na = :seen";
    /** The next action is set only by the run holding the claim. */
    static final String SCHEDULE_CONDITION = "#na = :lease";
    /** A meeting ends only from an open state, at the version read (a join since then wins). */
    static final String END_CONDITION = "#v = :v AND (#st = :scheduled OR #st = :active)";
    /** Presence is replaced only at the version read. */
    static final String RECONCILE_CONDITION = "#v = :v AND (#st = :scheduled OR #st = :active)";
    /** A video room is recorded as deleted only for a meeting that is over. */
    static final String ROOM_DELETED_CONDITION = "#st = :ended OR #st = :cancelled";
    /** How long before its start the lifecycle first looks at a meeting (never less than the prepare lead). */
    static final java.time.Duration FIRST_LOOK = java.time.Duration.ofHours(1);

    /** Requests of a read whose keys DynamoDB leaves unprocessed when throttled, before it is given up. */
    private static final int READ_ATTEMPTS = 3;

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
    public Optional<RoomMeetings> roomWithMeetingsStartingBetween(String room, Instant from, Instant to) {
        dev.calroom.domain.Room found = null;
        List<Meeting> meetings = new ArrayList<>();
        for (Map<String, AttributeValue> item : db.queryPaginator(roomWithMeetingsRequest(room, from, to)).items()) {
            if (CalroomTable.ROOM_SK.equals(item.get(SK).s())) {
                found = DynamoRoomStore.fromItem(item);
            } else {
                meetings.add(fromItem(item));
            }
        }
        return found == null ? Optional.empty() : Optional.of(new RoomMeetings(found, meetings));
    }

    /**
     * From the first meeting starting at {@code from} to the room item, which sorts after every meeting item
     * ({@code MEETING#…} before {@code ROOM}); meetings starting at {@code to} or later are filtered out.
     */
    QueryRequest roomWithMeetingsRequest(String room, Instant from, Instant to) {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :room")
                .filterExpression("attribute_not_exists(#starts) OR #starts < :to")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK, "#starts", "startsAt"))
                .expressionAttributeValues(Map.of(":pk", s(roomPk(room)),
                        ":from", s(MEETING_PREFIX + MeetingSlot.lowerBound(from)),
                        ":room", s(CalroomTable.ROOM_SK), ":to", time(to)))
                .consistentRead(true).build();
    }

    @Override
    public Optional<RoomMeetings> roomWithMeeting(String room, String meetingId) {
        BatchGetItemRequest request = roomWithMeetingRequest(room, meetingId);
        Room found = null;
        Meeting meeting = null;
        for (int attempt = 1; ; attempt++) {
            BatchGetItemResponse r = db.batchGetItem(request);
            for (Map<String, AttributeValue> item : r.responses().getOrDefault(table, List.of())) {
                if (CalroomTable.ROOM_SK.equals(item.get(SK).s())) {
                    found = DynamoRoomStore.fromItem(item);
                } else {
                    meeting = fromItem(item);
                }
            }
            if (!r.hasUnprocessedKeys() || r.unprocessedKeys().isEmpty()) {
                break;
            }
            // Throttled: DynamoDB answered part of the read. The rest is asked for again after a short pause; a
            // request does not wait longer than that.
            if (attempt == READ_ATTEMPTS) {
                throw ProvisionedThroughputExceededException.builder().message("DynamoDB left keys of a room's read "
                        + "unprocessed " + READ_ATTEMPTS + " times").build();
            }
            pause(25L * attempt);
            request = request.toBuilder().requestItems(r.unprocessedKeys()).build();
        }
        return found == null ? Optional.empty()
                : Optional.of(new RoomMeetings(found, meeting == null ? List.of() : List.of(meeting)));
    }

    /** The room item and the meeting item by their keys, read consistently, in one BatchGetItem. */
    BatchGetItemRequest roomWithMeetingRequest(String room, String meetingId) {
        return BatchGetItemRequest.builder().requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(DynamoRoomStore.key(room), key(room, meetingId)).consistentRead(true).build())).build();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<Meeting> get(String room, String meetingId) {
        GetItemResponse r = db.getItem(b -> b.tableName(table).key(key(room, meetingId)).consistentRead(true));
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(fromItem(r.item())) : Optional.empty();
    }

    /** Creates a meeting without a lease check (tests and tools seeding a table). */
    public boolean create(Meeting m) {
        try {
            db.putItem(createRequest(m, Instant.now()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean create(Meeting m, String leaseOwner) {
        if (leaseOwner == null) {
            return create(m);
        }
        PutItemRequest r = createRequest(m, Instant.now());
        return LeaseGuard.write(db, table, m.roomName(), leaseOwner, TransactWriteItem.builder().put(Put.builder()
                .tableName(table).item(r.item()).conditionExpression(r.conditionExpression())
                .expressionAttributeNames(r.expressionAttributeNames()).build()).build());
    }

    /** Applies a conditional update; false when its condition did not hold. */
    private boolean applied(UpdateItemRequest request) {
        try {
            db.updateItem(request);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** An update as one item of a transaction. */
    private static TransactWriteItem asTransactItem(UpdateItemRequest r) {
        return TransactWriteItem.builder().update(Update.builder().tableName(r.tableName()).key(r.key())
                .updateExpression(r.updateExpression()).conditionExpression(r.conditionExpression())
                .expressionAttributeNames(r.expressionAttributeNames())
                .expressionAttributeValues(r.expressionAttributeValues()).build()).build();
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
        item.put("participantCount", n(m.presence().count()));
        item.put("participants", AttributeValue.fromM(Map.of()));
        item.put("departed", AttributeValue.fromM(Map.of()));
        putIfPresent(item, "hardEndAt", m.hardEndAt());
        putIfPresent(item, "createdBy", m.createdBy());
        putIfPresent(item, "detailsSource", m.detailsSource());
        putIfPresent(item, "description", Attrs.cap(m.description(), 16_384));
        putIfPresent(item, "location", Attrs.cap(m.location(), 2048));
        if (m.attendees() != null && !m.attendees().isEmpty()) {
            item.put("attendees", Attrs.attendees(m.attendees().subList(0, Math.min(200, m.attendees().size()))));
        }
        item.put("createdAt", time(now));
        // The lifecycle first looks at a meeting an hour before it starts (at once for one starting now).
        item.put(CalroomTable.LC_SHARD, s(CalroomTable.lifecycleShardOf(m.roomName(), m.id())));
        item.put(CalroomTable.NEXT_ACTION_AT, time(m.startsAt().minus(FIRST_LOOK)));
        return PutItemRequest.builder().tableName(table).item(item).conditionExpression(CREATE_CONDITION)
                .expressionAttributeNames(Map.of("#pk", PK)).build();
    }

    @Override
    public boolean updateFromBookings(String room, String meetingId, BookingDetails details, long expectedVersion,
                                      boolean reschedule, Instant now, String leaseOwner) {
        if (leaseOwner != null) {
            return LeaseGuard.write(db, table, room, leaseOwner, asTransactItem(updateFromBookingsRequest(room,
                    meetingId, details, expectedVersion, reschedule, now)));
        }
        return applied(updateFromBookingsRequest(room, meetingId, details, expectedVersion, reschedule, now));
    }

    UpdateItemRequest updateFromBookingsRequest(String room, String meetingId, BookingDetails d,
                                                long expectedVersion, boolean reschedule, Instant now) {
        Map<String, String> names = new HashMap<>(Map.of("#v", "version", "#st", "status", "#starts", "startsAt",
                "#up", "updatedAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":v", n(expectedVersion),
                ":next", n(expectedVersion + 1), ":cancelled", s(MeetingStatus.CANCELLED.wire()),
                ":now", time(now)));
        List<String> set = new ArrayList<>(List.of("#v = :next", "#up = :now"));
        List<String> remove = new ArrayList<>();
        field(set, remove, names, values, "sources", d.sources().isEmpty() ? null
                : AttributeValue.fromSs(List.copyOf(d.sources())));
        field(set, remove, names, values, "detailsSource", d.detailsSource() == null ? null : s(d.detailsSource()));
        field(set, remove, names, values, "title", nullableS(Attrs.cap(d.title(), 1024)));
        field(set, remove, names, values, "description", nullableS(Attrs.cap(d.description(), 16_384)));
        field(set, remove, names, values, "location", nullableS(Attrs.cap(d.location(), 2048)));
        field(set, remove, names, values, "attendees", d.attendees() == null || d.attendees().isEmpty() ? null
                : Attrs.attendees(d.attendees().subList(0, Math.min(200, d.attendees().size()))));
        boolean due = reschedule;
        if (d.endsAt() != null) {
            names.put("#ends", "endsAt");
            values.put(":ends", time(d.endsAt()));
            set.add("#ends = :ends");
            due = true;
        }
        if (reschedule) {
            values.put(":scheduled", s(MeetingStatus.SCHEDULED.wire()));
            set.add("#st = :scheduled");
            names.put("#lc", CalroomTable.LC_SHARD);
            values.put(":lc", s(CalroomTable.lifecycleShardOf(room, meetingId)));
            set.add("#lc = :lc");
            names.put("#ca", "cancelledAt");
            remove.add("#ca");
            names.put("#ttl", CalroomTable.TTL);
            remove.add("#ttl");
        }
        if (due) {
            names.put("#na", CalroomTable.NEXT_ACTION_AT);
            set.add("#na = :now");
        }
        String expr = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ",
                remove));
        return UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression(expr).conditionExpression(REPLACE_SOURCES_CONDITION)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    private static AttributeValue nullableS(String v) {
        return v == null ? null : s(v);
    }

    private static void field(List<String> set, List<String> remove, Map<String, String> names,
                              Map<String, AttributeValue> values, String attribute, AttributeValue value) {
        Attrs.setOrRemove(set, remove, names, values, attribute, value);
    }

    @Override
    public boolean cancel(String room, String meetingId, long expectedVersion, Instant now, String leaseOwner) {
        if (leaseOwner == null) {
            return cancel(room, meetingId, expectedVersion, now);
        }
        return LeaseGuard.write(db, table, room, leaseOwner, asTransactItem(cancelRequest(room, meetingId,
                expectedVersion, now)));
    }

    /** Cancels without a lease check (tests and tools). */
    public boolean cancel(String room, String meetingId, long expectedVersion, Instant now) {
        return applied(cancelRequest(room, meetingId, expectedVersion, now));
    }

    UpdateItemRequest cancelRequest(String room, String meetingId, long expectedVersion, Instant now) {
        return UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression("SET #st = :cancelled, #ca = :now, #v = :next, #up = :now, #lc = :lc, #na = :now, "
                        + "#ttl = :ttl REMOVE #src")
                .conditionExpression(CANCEL_CONDITION)
                .expressionAttributeNames(Map.of("#st", "status", "#ca", "cancelledAt", "#v", "version",
                        "#up", "updatedAt", "#src", "sources", "#starts", "startsAt", "#lc", CalroomTable.LC_SHARD,
                        "#na", CalroomTable.NEXT_ACTION_AT, "#ttl", CalroomTable.TTL))
                .expressionAttributeValues(Map.of(":cancelled", s(MeetingStatus.CANCELLED.wire()),
                        ":scheduled", s(MeetingStatus.SCHEDULED.wire()), ":now", time(now),
                        ":v", n(expectedVersion), ":next", n(expectedVersion + 1),
                        ":lc", s(CalroomTable.lifecycleShardOf(room, meetingId)), ":ttl", expiry(now)))
                .build();
    }

    @Override
    public AdhocCreation createAdhoc(Meeting m, String idempotencyKey, String requestHash, Instant now,
                                     Instant keyExpiresAt) {
        PutItemRequest meetingPut = createRequest(m, now);
        if (idempotencyKey == null) {
            db.putItem(meetingPut);
            return AdhocCreation.created(m);
        }
        Map<String, AttributeValue> keyItem = idempotencyKey(m.roomName(), idempotencyKey);
        for (int attempt = 0; attempt < IDEMPOTENCY_ATTEMPTS; attempt++) {
            try {
                db.transactWriteItems(idempotentCreateRequest(m, meetingPut, keyItem, requestHash, now,
                        keyExpiresAt));
                return AdhocCreation.created(m);
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                boolean keyTaken = !reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code());
                if (keyTaken) {
                    Optional<AdhocCreation> earlier = earlierCreation(m, keyItem, requestHash, now);
                    if (earlier.isPresent()) {
                        return earlier.get();
                    }
                    continue; // the record expired between the condition and the read: try again
                }
                if (reasons.stream().noneMatch(r -> "TransactionConflict".equals(r.code()))) {
                    throw e;
                }
                // A concurrent request with the same key is mid-transaction: wait, then the condition decides.
                backOff(attempt);
            } catch (SdkClientException e) {
                // The outcome is unknown (a timeout after the write may have landed): the record says.
                Optional<AdhocCreation> earlier = earlierCreation(m, keyItem, requestHash, now);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                if (attempt == IDEMPOTENCY_ATTEMPTS - 1) {
                    throw e;
                }
                backOff(attempt);
            }
        }
        return earlierCreation(m, keyItem, requestHash, now).orElseThrow(() ->
                new IllegalStateException("an idempotent create kept conflicting"));
    }

    /**
     * The transaction of an idempotent create, as Powertools' idempotency defines it: the key's record is written
     * only when none exists or the existing one has expired (the expiry is part of the condition, so a key is free
     * at its expiry, not when the TTL sweep gets to it), together with the meeting, with the request's hash.
     */
    TransactWriteItemsRequest idempotentCreateRequest(Meeting m, PutItemRequest meetingPut,
                                                      Map<String, AttributeValue> keyItem, String requestHash,
                                                      Instant now, Instant keyExpiresAt) {
        Map<String, AttributeValue> record = new HashMap<>(keyItem);
        record.put("type", s("idempotency"));
        record.put("meetingId", s(m.id()));
        record.put("requestHash", s(requestHash));
        record.put(CalroomTable.TTL, n(keyExpiresAt.getEpochSecond()));
        return TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(record)
                        .conditionExpression(IDEMPOTENCY_CONDITION)
                        .expressionAttributeNames(Map.of("#pk", PK, "#exp", CalroomTable.TTL))
                        .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))
                        .build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(meetingPut.item())
                        .conditionExpression(CREATE_CONDITION).expressionAttributeNames(Map.of("#pk", PK))
                        .build()).build()).build();
    }

    /** What the key's unexpired record says: this very create, an earlier one, or a reuse with another body. */
    private Optional<AdhocCreation> earlierCreation(Meeting m, Map<String, AttributeValue> keyItem,
                                                    String requestHash, Instant now) {
        Map<String, AttributeValue> existing = db.getItem(b -> b.tableName(table).key(keyItem).consistentRead(true))
                .item();
        if (existing == null || existing.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue exp = existing.get(CalroomTable.TTL);
        if (exp != null && Long.parseLong(exp.n()) < now.getEpochSecond()) {
            return Optional.empty();
        }
        String id = str(existing, "meetingId");
        Meeting first = get(m.roomName(), id).orElseThrow(() ->
                new IllegalStateException("idempotency record without its meeting"));
        if (id.equals(m.id())) {
            return Optional.of(AdhocCreation.created(first)); // this request's own write landed
        }
        if (!requestHash.equals(str(existing, "requestHash"))) {
            return Optional.of(AdhocCreation.keyReused(first));
        }
        return Optional.of(AdhocCreation.replay(first));
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(400, (10L << attempt) + java.util.concurrent.ThreadLocalRandom.current()
                    .nextLong(10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The idempotency record of a key: per room, stored as a digest so the client's key is never kept. */
    static Map<String, AttributeValue> idempotencyKey(String room, String key) {
        return Map.of(PK, s(roomPk(room)), SK, s(IDEMPOTENCY_PREFIX + Hashes.sha256(key)));
    }

    @Override
    public Optional<Meeting> attachVideoRoom(String room, String meetingId, VideoRoom video, Instant now) {
        // With a check that the room still exists: a room being deleted never gets a video room recorded, so the
        // caller deletes the one it made, and the sweep (which reads after the room item is gone) misses none.
        UpdateItemRequest attach = attachVideoRequest(room, meetingId, video, now);
        try {
            db.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().conditionCheck(software.amazon.awssdk.services.dynamodb.model
                            .ConditionCheck.builder().tableName(table).key(Map.of(PK, s(roomPk(room)),
                                    SK, s(CalroomTable.ROOM_SK))).conditionExpression(ROOM_EXISTS_CONDITION)
                            .expressionAttributeNames(Map.of("#pk", PK)).build()).build(),
                    asTransactItem(attach)));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                return Optional.empty();
            }
            throw e;
        }
        return get(room, meetingId);
    }

    /** The room item exists (it is removed first when the room is deleted). */
    static final String ROOM_EXISTS_CONDITION = "attribute_exists(#pk)";

    UpdateItemRequest attachVideoRequest(String room, String meetingId, VideoRoom video, Instant now) {
        return UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression("SET #vr = :vr, #vu = :vu, #vx = :vx, #he = if_not_exists(#he, :vx), #up = :now "
                        + "ADD #v :one")
                .conditionExpression(ATTACH_VIDEO_CONDITION)
                .expressionAttributeNames(Map.of("#st", "status", "#vr", "videoRoomName", "#vu", "videoRoomUrl",
                        "#vx", "videoRoomExpiresAt", "#he", "hardEndAt", "#up", "updatedAt", "#v", "version"))
                .expressionAttributeValues(Map.of(":scheduled", s(MeetingStatus.SCHEDULED.wire()),
                        ":active", s(MeetingStatus.ACTIVE.wire()), ":vr", s(video.name()), ":vu", s(video.url()),
                        ":vx", time(video.expiresAt()), ":now", time(now), ":one", n(1)))
                .returnValues(ReturnValue.ALL_NEW).build();
    }

    @Override
    public Optional<Meeting> extendHardEnd(String room, String meetingId, Instant hardEnd, Instant now) {
        return updateReturning(extendRequest(room, meetingId, hardEnd, now));
    }

    UpdateItemRequest extendRequest(String room, String meetingId, Instant hardEnd, Instant now) {
        return UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression("SET #he = :he, #vx = :he, #up = :now ADD #v :one")
                .conditionExpression(EXTEND_CONDITION)
                .expressionAttributeNames(Map.of("#st", "status", "#he", "hardEndAt", "#vx", "videoRoomExpiresAt",
                        "#up", "updatedAt", "#v", "version"))
                .expressionAttributeValues(Map.of(":active", s(MeetingStatus.ACTIVE.wire()), ":he", time(hardEnd),
                        ":now", time(now), ":one", n(1)))
                .returnValues(ReturnValue.ALL_NEW).build();
    }

    /** When an over meeting leaves the table (the table's TTL attribute). */
    private static AttributeValue expiry(Instant now) {
        return n(now.plus(CalroomTable.HISTORY).getEpochSecond());
    }

    @Override
    public PresenceChange participantJoined(String room, String meetingId, String sessionId, String userId,
                                            Instant at, Instant now) {
        Map<String, AttributeValue> entry = new HashMap<>();
        entry.put("joinedAt", time(at));
        putIfPresent(entry, "userId", userId);
        UpdateItemRequest r = UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression("SET #p.#sid = :entry, #st = :active, #fj = if_not_exists(#fj, :at), #up = :now, "
                        + "#lc = :lc, #na = :now ADD #pc :one, #v :one")
                .conditionExpression(JOIN_CONDITION)
                .expressionAttributeNames(Map.ofEntries(Map.entry("#pk", PK), Map.entry("#p", "participants"),
                        Map.entry("#d", "departed"), Map.entry("#sid", sessionId), Map.entry("#st", "status"),
                        Map.entry("#fj", "firstJoinedAt"), Map.entry("#up", "updatedAt"),
                        Map.entry("#pc", "participantCount"), Map.entry("#v", "version"),
                        Map.entry("#lc", CalroomTable.LC_SHARD), Map.entry("#na", CalroomTable.NEXT_ACTION_AT)))
                .expressionAttributeValues(Map.of(":entry", AttributeValue.fromM(entry),
                        ":active", s(MeetingStatus.ACTIVE.wire()), ":scheduled", s(MeetingStatus.SCHEDULED.wire()),
                        ":at", time(at), ":now", time(now), ":one", n(1),
                        ":lc", s(CalroomTable.lifecycleShardOf(room, meetingId))))
                .build();
        return presenceUpdate(r, room, meetingId);
    }

    @Override
    public PresenceChange participantLeft(String room, String meetingId, String sessionId, Instant at, Instant now) {
        UpdateItemRequest present = UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression("REMOVE #p.#sid SET #d.#sid = :at, #ll = :at, #up = :now, #lc = :lc, #na = :now "
                        + "ADD #pc :minus, #v :one")
                .conditionExpression(LEAVE_CONDITION)
                .expressionAttributeNames(Map.of("#p", "participants", "#d", "departed", "#sid", sessionId,
                        "#ll", "lastLeftAt", "#up", "updatedAt", "#pc", "participantCount", "#v", "version",
                        "#lc", CalroomTable.LC_SHARD, "#na", CalroomTable.NEXT_ACTION_AT))
                .expressionAttributeValues(Map.of(":at", time(at), ":now", time(now), ":minus", n(-1),
                        ":one", n(1), ":lc", s(CalroomTable.lifecycleShardOf(room, meetingId))))
                .build();
        try {
            db.updateItem(present);
            return PresenceChange.APPLIED;
        } catch (ConditionalCheckFailedException e) {
            UpdateItemRequest early = UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                    .updateExpression("SET #d.#sid = :at")
                    .conditionExpression(EARLY_LEAVE_CONDITION)
                    .expressionAttributeNames(Map.of("#pk", PK, "#d", "departed", "#sid", sessionId))
                    .expressionAttributeValues(Map.of(":at", time(at)))
                    .build();
            PresenceChange c = presenceUpdate(early, room, meetingId);
            return c == PresenceChange.APPLIED ? PresenceChange.IGNORED : c;
        }
    }

    @Override
    public PresenceChange videoMeetingEnded(String room, String meetingId, Instant at, Instant now) {
        UpdateItemRequest r = UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression("SET #ve = :at, #up = :now ADD #v :one")
                .conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#ve) OR #ve < :at)")
                .expressionAttributeNames(Map.of("#pk", PK, "#ve", "videoEndedAt", "#up", "updatedAt",
                        "#v", "version"))
                .expressionAttributeValues(Map.of(":at", time(at), ":now", time(now), ":one", n(1)))
                .build();
        return presenceUpdate(r, room, meetingId);
    }

    private PresenceChange presenceUpdate(UpdateItemRequest r, String room, String meetingId) {
        try {
            db.updateItem(r);
            return PresenceChange.APPLIED;
        } catch (ConditionalCheckFailedException e) {
            return get(room, meetingId).isPresent() ? PresenceChange.IGNORED : PresenceChange.UNKNOWN_MEETING;
        }
    }

    private Optional<Meeting> updateReturning(UpdateItemRequest r) {
        try {
            return Optional.of(fromItem(db.updateItem(r).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<DueMeeting> due(Instant now, int limit) {
        List<DueMeeting> due = new ArrayList<>();
        for (int shard = 0; shard < CalroomTable.LC_SHARDS; shard++) {
            QueryRequest q = QueryRequest.builder().tableName(table).indexName(CalroomTable.DUE_LIFECYCLE_INDEX)
                    .keyConditionExpression("#shard = :shard AND #na <= :now")
                    .expressionAttributeNames(Map.of("#shard", CalroomTable.LC_SHARD,
                            "#na", CalroomTable.NEXT_ACTION_AT))
                    .expressionAttributeValues(Map.of(":shard", s("lc#" + shard), ":now", time(now)))
                    .limit(limit).build();
            for (Map<String, AttributeValue> i : db.query(q).items()) {
                due.add(new DueMeeting(str(i, PK).substring(CalroomTable.ROOM_PREFIX.length()),
                        str(i, SK).substring(MEETING_PREFIX.length()), Attrs.instant(i, CalroomTable.NEXT_ACTION_AT)));
            }
        }
        due.sort(java.util.Comparator.comparing(DueMeeting::nextActionAt));
        return due.size() > limit ? due.subList(0, limit) : due;
    }

    @Override
    public Optional<Meeting> claim(DueMeeting d, Instant leaseUntil) {
        return updateReturning(claimRequest(d, leaseUntil));
    }

    UpdateItemRequest claimRequest(DueMeeting d, Instant leaseUntil) {
        return UpdateItemRequest.builder().tableName(table).key(key(d.room(), d.meetingId()))
                .updateExpression("SET #na = :lease")
                .conditionExpression(CLAIM_CONDITION)
                .expressionAttributeNames(Map.of("#na", CalroomTable.NEXT_ACTION_AT))
                .expressionAttributeValues(Map.of(":seen", time(d.nextActionAt()), ":lease", time(leaseUntil)))
                .returnValues(ReturnValue.ALL_NEW).build();
    }

    @Override
    public void schedule(String room, String meetingId, Instant leaseUntil, Instant next) {
        UpdateItemRequest.Builder b = UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .conditionExpression(SCHEDULE_CONDITION);
        if (next == null) {
            b.updateExpression("REMOVE #na, #lc")
                    .expressionAttributeNames(Map.of("#na", CalroomTable.NEXT_ACTION_AT, "#lc", CalroomTable.LC_SHARD))
                    .expressionAttributeValues(Map.of(":lease", time(leaseUntil)));
        } else {
            b.updateExpression("SET #na = :next")
                    .expressionAttributeNames(Map.of("#na", CalroomTable.NEXT_ACTION_AT))
                    .expressionAttributeValues(Map.of(":lease", time(leaseUntil), ":next", time(next)));
        }
        try {
            db.updateItem(b.build());
        } catch (ConditionalCheckFailedException e) {
            // A webhook made the meeting due again meanwhile: the next run looks at it.
        }
    }

    @Override
    public Optional<Meeting> end(String room, String meetingId, long expectedVersion, Instant now) {
        return updateReturning(endRequest(room, meetingId, expectedVersion, now));
    }

    UpdateItemRequest endRequest(String room, String meetingId, long expectedVersion, Instant now) {
        return endRequest(room, meetingId, expectedVersion, now, false);
    }

    /** Ends an open meeting at the version read; {@code dueNow} also makes it due for the lifecycle at once. */
    private UpdateItemRequest endRequest(String room, String meetingId, long expectedVersion, Instant now,
                                         boolean dueNow) {
        Map<String, String> names = new HashMap<>(Map.of("#st", "status", "#ea", "endedAt", "#up", "updatedAt",
                "#p", "participants", "#pc", "participantCount", "#v", "version", "#ttl", CalroomTable.TTL));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":ended", s(MeetingStatus.ENDED.wire()),
                ":scheduled", s(MeetingStatus.SCHEDULED.wire()), ":active", s(MeetingStatus.ACTIVE.wire()),
                ":now", time(now), ":empty", AttributeValue.fromM(Map.of()), ":zero", n(0), ":one", n(1),
                ":v", n(expectedVersion), ":ttl", expiry(now)));
        String due = "";
        if (dueNow) {
            due = ", #lc = :lc, #na = :now";
            names.put("#lc", CalroomTable.LC_SHARD);
            names.put("#na", CalroomTable.NEXT_ACTION_AT);
            values.put(":lc", s(CalroomTable.lifecycleShardOf(room, meetingId)));
        }
        return UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression("SET #st = :ended, #ea = :now, #up = :now, #p = :empty, #pc = :zero, #ttl = :ttl"
                        + due + " ADD #v :one")
                .conditionExpression(END_CONDITION)
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW).build();
    }

    @Override
    public Optional<Meeting> endNow(String room, String meetingId, long expectedVersion, Instant now) {
        return settled(endNowRequest(room, meetingId, expectedVersion, now), room, meetingId, expectedVersion,
                MeetingStatus.ENDED);
    }

    /**
     * A conditional update answering the new meeting; when the outcome is unknown (a timeout after the write may
     * have landed), the record says: the meeting one version on in the target status is this write's.
     */
    private Optional<Meeting> settled(UpdateItemRequest r, String room, String meetingId, long expectedVersion,
                                      MeetingStatus target) {
        try {
            return updateReturning(r);
        } catch (SdkClientException e) {
            Optional<Meeting> read = get(room, meetingId);
            if (read.isPresent() && read.get().status() == target && read.get().version() == expectedVersion + 1) {
                return read;
            }
            throw e;
        }
    }

    UpdateItemRequest endNowRequest(String room, String meetingId, long expectedVersion, Instant now) {
        return endRequest(room, meetingId, expectedVersion, now, true);
    }

    /** The owner cancels only a meeting nobody has entered, at the version read. */
    static final String CANCEL_UNSTARTED_CONDITION = "#v = :v AND #st = :scheduled";

    @Override
    public Optional<Meeting> cancelUnstarted(String room, String meetingId, long expectedVersion, Instant now) {
        return settled(cancelUnstartedRequest(room, meetingId, expectedVersion, now), room, meetingId,
                expectedVersion, MeetingStatus.CANCELLED);
    }

    UpdateItemRequest cancelUnstartedRequest(String room, String meetingId, long expectedVersion, Instant now) {
        return UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression("SET #st = :cancelled, #ca = :now, #up = :now, #ttl = :ttl, #lc = :lc, #na = :now "
                        + "ADD #v :one")
                .conditionExpression(CANCEL_UNSTARTED_CONDITION)
                .expressionAttributeNames(Map.of("#st", "status", "#ca", "cancelledAt", "#up", "updatedAt",
                        "#v", "version", "#ttl", CalroomTable.TTL, "#lc", CalroomTable.LC_SHARD,
                        "#na", CalroomTable.NEXT_ACTION_AT))
                .expressionAttributeValues(Map.of(":cancelled", s(MeetingStatus.CANCELLED.wire()),
                        ":scheduled", s(MeetingStatus.SCHEDULED.wire()), ":now", time(now), ":one", n(1),
                        ":v", n(expectedVersion), ":ttl", expiry(now),
                        ":lc", s(CalroomTable.lifecycleShardOf(room, meetingId))))
                .returnValues(ReturnValue.ALL_NEW).build();
    }

    @Override
    public Optional<Meeting> reconcilePresence(String room, String meetingId, long expectedVersion,
                                               List<VideoParticipant> present, Instant now) {
        Map<String, AttributeValue> sessions = new HashMap<>();
        for (VideoParticipant p : present) {
            Map<String, AttributeValue> entry = new HashMap<>();
            entry.put("joinedAt", time(p.joinedAt() == null ? now : p.joinedAt()));
            putIfPresent(entry, "userId", p.userId());
            sessions.put(p.sessionId(), AttributeValue.fromM(entry));
        }
        Map<String, String> names = new HashMap<>(Map.of("#st", "status", "#v", "version", "#p", "participants",
                "#pc", "participantCount", "#up", "updatedAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":v", n(expectedVersion),
                ":scheduled", s(MeetingStatus.SCHEDULED.wire()), ":active", s(MeetingStatus.ACTIVE.wire()),
                ":p", AttributeValue.fromM(sessions), ":pc", n(present.size()), ":now", time(now), ":one", n(1)));
        String expr;
        if (present.isEmpty()) {
            // Nobody is there: the empty-room grace starts now, so a missed leave never closes a call early.
            names.put("#ll", "lastLeftAt");
            expr = "SET #p = :p, #pc = :pc, #up = :now, #ll = :now ADD #v :one";
        } else {
            names.put("#fj", "firstJoinedAt");
            expr = "SET #p = :p, #pc = :pc, #up = :now, #st = :active, #fj = if_not_exists(#fj, :now) ADD #v :one";
        }
        return updateReturning(UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression(expr).conditionExpression(RECONCILE_CONDITION)
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW).build());
    }

    @Override
    public boolean videoRoomDeleted(String room, String meetingId, Instant now) {
        try {
            db.updateItem(UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                    .updateExpression("SET #vd = :now REMOVE #vr, #vu, #vx, #na, #lc")
                    .conditionExpression(ROOM_DELETED_CONDITION)
                    .expressionAttributeNames(Map.of("#st", "status", "#vd", "videoRoomDeletedAt",
                            "#vr", "videoRoomName", "#vu", "videoRoomUrl", "#vx", "videoRoomExpiresAt",
                            "#na", CalroomTable.NEXT_ACTION_AT, "#lc", CalroomTable.LC_SHARD))
                    .expressionAttributeValues(Map.of(":now", time(now), ":ended", s(MeetingStatus.ENDED.wire()),
                            ":cancelled", s(MeetingStatus.CANCELLED.wire())))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean forgetVideoRoom(String room, String meetingId, String videoRoom, Instant now) {
        return applied(forgetVideoRoomRequest(room, meetingId, videoRoom, now));
    }

    UpdateItemRequest forgetVideoRoomRequest(String room, String meetingId, String videoRoom, Instant now) {
        return UpdateItemRequest.builder().tableName(table).key(key(room, meetingId))
                .updateExpression("SET #up = :now REMOVE #vr, #vu, #vx ADD #v :one")
                .conditionExpression(FORGET_VIDEO_CONDITION)
                .expressionAttributeNames(Map.of("#vr", "videoRoomName", "#vu", "videoRoomUrl",
                        "#vx", "videoRoomExpiresAt", "#up", "updatedAt", "#v", "version"))
                .expressionAttributeValues(Map.of(":vr", s(videoRoom), ":now", time(now), ":one", n(1)))
                .build();
    }

    /** Only the room that was deleted is forgotten, never one recorded since. */
    static final String FORGET_VIDEO_CONDITION = "#vr = :vr";

    /** Reads a stored meeting, as {@link #fromItem} reads one, for SnapStart priming (no item is read or written). */
    static void primeReading() {
        AttributeValue at = time(Instant.EPOCH);
        fromItem(Map.of("id", s("priming"), "roomName", s(Room.PRIMING_NAME), "startsAt", at,
                "endsAt", at, "status", s(MeetingStatus.SCHEDULED.wire()), "sources",
                AttributeValue.fromSs(List.of("priming")), "participantCount", n(0), "attendees",
                AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("email", s("priming@example.com")))))));
    }

    static Meeting fromItem(Map<String, AttributeValue> item) {
        AttributeValue src = item.get("sources");
        Set<String> sources = src != null && src.hasSs() ? new HashSet<>(src.ss()) : Set.of();
        return new Meeting(str(item, "id"), str(item, "roomName"), str(item, "title"),
                Attrs.instant(item, "startsAt"), Attrs.instant(item, "endsAt"),
                MeetingStatus.fromWire(str(item, "status")), str(item, "source"), Set.copyOf(sources),
                Attrs.num(item, "version", 0), str(item, "description"), str(item, "location"),
                Attrs.attendees(item, "attendees"),
                new Presence((int) Attrs.num(item, "participantCount", 0), Attrs.instant(item, "firstJoinedAt"),
                        Attrs.instant(item, "lastLeftAt")),
                item.containsKey("videoRoomName") ? new VideoRoom(str(item, "videoRoomName"),
                        str(item, "videoRoomUrl"), Attrs.instant(item, "videoRoomExpiresAt")) : null,
                Attrs.instant(item, "hardEndAt"), Attrs.instant(item, "endedAt"), str(item, "createdBy"),
                str(item, "detailsSource"));
    }
}
