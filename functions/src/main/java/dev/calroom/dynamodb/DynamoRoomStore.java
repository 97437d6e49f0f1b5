package dev.calroom.dynamodb;

import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MatchMode;
import dev.calroom.domain.MeetingKeyMode;
import dev.calroom.domain.Room;
import dev.calroom.domain.SyncCounts;
import dev.calroom.domain.SyncState;
import dev.calroom.domain.SyncStatus;
import dev.calroom.support.Times;
import dev.calroom.sync.RoomPatch;
import dev.calroom.sync.DueRoom;
import dev.calroom.sync.RoomStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.calroom.dynamodb.Attrs.bool;
import static dev.calroom.dynamodb.Attrs.n;
import static dev.calroom.dynamodb.Attrs.num;
import static dev.calroom.dynamodb.Attrs.putIfPresent;
import static dev.calroom.dynamodb.Attrs.s;
import static dev.calroom.dynamodb.Attrs.str;
import static dev.calroom.dynamodb.Attrs.time;
import static dev.calroom.dynamodb.CalroomTable.FEED_HOST;
import static dev.calroom.dynamodb.CalroomTable.NEXT_SYNC_AT;
import static dev.calroom.dynamodb.CalroomTable.PK;
import static dev.calroom.dynamodb.CalroomTable.ROOM_SK;
import static dev.calroom.dynamodb.CalroomTable.SK;
import static dev.calroom.dynamodb.CalroomTable.SYNC_SHARD;
import static dev.calroom.dynamodb.CalroomTable.roomPk;

/** Room items: {@code pk=ROOM#<name>, sk=ROOM}, with the feed config, sync state and sync lease. */
public final class DynamoRoomStore implements RoomStore, dev.calroom.sync.DispatchStore,
        dev.calroom.rooms.RoomDeletions {

    /** Claim the lease only from a room that exists and holds no unexpired lease. */
    static final String CLAIM_CONDITION = "attribute_exists(#pk) AND (attribute_not_exists(#lu) OR #lu <= :now)";
    /**
     * A queued sync claims only the dispatch it was sent for: a duplicate delivery, or a message that outlived a
     * re-dispatch, finds the room's next sync time moved on and syncs nothing.
     */
    static final String DISPATCHED_CLAIM_CONDITION = CLAIM_CONDITION + " AND #next = :dispatched";
    /** A dispatch moves a due room's next sync time only while it is still the one the dispatcher read. */
    static final String DISPATCH_CONDITION = "attribute_exists(#shard) AND #next = :seen";
    /** Finish only while still holding the lease. */
    static final String FINISH_CONDITION = "#lo = :owner";
    /** Updates only touch a room that exists. */
    static final String UPDATE_CONDITION = "attribute_exists(#pk)";
    /** A manual sync only when the last one is at least the minimum interval old. */
    static final String MANUAL_SYNC_CONDITION = "attribute_exists(#pk) AND (attribute_not_exists(#ms) OR #ms <= :cutoff)";

    private final DynamoDbClient db;
    private final String table;

    public DynamoRoomStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    static Map<String, AttributeValue> key(String room) {
        return Map.of(PK, s(roomPk(room)), SK, s(ROOM_SK));
    }

    @Override
    public Optional<Room> get(String name) {
        GetItemResponse r = db.getItem(b -> b.tableName(table).key(key(name)).consistentRead(true));
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(fromItem(r.item())) : Optional.empty();
    }

    @Override
    public boolean create(Room room) {
        Map<String, AttributeValue> item = new HashMap<>(key(room.name()));
        item.put("type", s("room"));
        item.put("name", s(room.name()));
        putIfPresent(item, "ownerSub", room.ownerSub());
        item.put("locked", bool(room.locked()));
        item.put("createdAt", time(room.createdAt()));
        IcsConfig ics = room.ics();
        if (ics != null) {
            putIfPresent(item, "icsUrl", ics.url());
            putIfPresent(item, FEED_HOST, dev.calroom.domain.FeedHost.of(ics.url()));
            item.put("icsEnabled", bool(ics.enabled()));
            item.put("fetchIntervalMinutes", n(ics.fetchIntervalMinutes()));
            item.put("match", s(ics.match().wire()));
            putIfPresent(item, "timezone", ics.timezone());
            item.put("meetingKey", s(ics.meetingKey().wire()));
            if (ics.enabled()) {
                item.put(SYNC_SHARD, s(CalroomTable.shardOf(room.name())));
                Instant next = room.sync() != null && room.sync().nextSyncAt() != null ? room.sync().nextSyncAt()
                        : room.createdAt();
                item.put(NEXT_SYNC_AT, time(next));
            }
        }
        try {
            db.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<String> dueForSync(Instant now, int limit) {
        List<Map<String, AttributeValue>> due = new ArrayList<>();
        for (int shard = 0; shard < CalroomTable.SYNC_SHARDS; shard++) {
            QueryRequest q = QueryRequest.builder().tableName(table).indexName(CalroomTable.DUE_SYNC_INDEX)
                    .keyConditionExpression("#shard = :shard AND #next <= :now")
                    .expressionAttributeNames(Map.of("#shard", SYNC_SHARD, "#next", NEXT_SYNC_AT))
                    .expressionAttributeValues(Map.of(":shard", s("due#" + shard), ":now", time(now)))
                    .limit(limit).build();
            due.addAll(db.query(q).items());
        }
        due.sort(Comparator.comparing(i -> str(i, NEXT_SYNC_AT)));
        List<String> names = new ArrayList<>(Math.min(limit, due.size()));
        for (Map<String, AttributeValue> i : due) {
            if (names.size() >= limit) {
                break;
            }
            names.add(str(i, PK).substring(CalroomTable.ROOM_PREFIX.length()));
        }
        return names;
    }

    @Override
    public boolean claimLease(String room, String owner, Instant now, Instant leaseUntil, Instant nextSyncAt) {
        return claimLease(room, owner, now, leaseUntil, nextSyncAt, null);
    }

    @Override
    public boolean claimLease(String room, String owner, Instant now, Instant leaseUntil, Instant nextSyncAt,
                              Instant dispatchedFor) {
        try {
            db.updateItem(claimRequest(room, owner, now, leaseUntil, nextSyncAt, dispatchedFor));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    UpdateItemRequest claimRequest(String room, String owner, Instant now, Instant leaseUntil, Instant nextSyncAt) {
        return claimRequest(room, owner, now, leaseUntil, nextSyncAt, null);
    }

    UpdateItemRequest claimRequest(String room, String owner, Instant now, Instant leaseUntil, Instant nextSyncAt,
                                   Instant dispatchedFor) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":owner", s(owner), ":until", time(leaseUntil),
                ":now", time(now), ":next", time(nextSyncAt)));
        if (dispatchedFor != null) {
            values.put(":dispatched", time(dispatchedFor));
        }
        return UpdateItemRequest.builder().tableName(table).key(key(room))
                .updateExpression("SET #lo = :owner, #lu = :until, #la = :now, #next = :next")
                .conditionExpression(dispatchedFor == null ? CLAIM_CONDITION : DISPATCHED_CLAIM_CONDITION)
                .expressionAttributeNames(Map.of("#pk", PK, "#lo", "leaseOwner", "#lu", "leaseUntil",
                        "#la", "lastAttemptAt", "#next", NEXT_SYNC_AT))
                .expressionAttributeValues(values)
                .build();
    }

    @Override
    public List<DueRoom> dueForDispatch(Instant until, int limit, int shards) {
        List<java.util.concurrent.Future<List<DueRoom>>> parts = new ArrayList<>(shards);
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int shard = 0; shard < shards; shard++) {
                int n = shard;
                parts.add(executor.submit(() -> dueInShard(n, until, limit)));
            }
            List<DueRoom> due = new ArrayList<>();
            for (var part : parts) {
                due.addAll(part.get());
            }
            due.sort(Comparator.comparing(DueRoom::nextSyncAt));
            return due.size() > limit ? List.copyOf(due.subList(0, limit)) : due;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the due-sync index", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** One shard's due rooms, oldest first, following pages up to {@code limit}. */
    private List<DueRoom> dueInShard(int shard, Instant until, int limit) {
        QueryRequest q = QueryRequest.builder().tableName(table).indexName(CalroomTable.DUE_SYNC_INDEX)
                .keyConditionExpression("#shard = :shard AND #next <= :until")
                .expressionAttributeNames(Map.of("#shard", SYNC_SHARD, "#next", NEXT_SYNC_AT))
                .expressionAttributeValues(Map.of(":shard", s("due#" + shard), ":until", time(until)))
                .limit(Math.min(limit, 1000)).build();
        List<DueRoom> out = new ArrayList<>();
        for (var page : db.queryPaginator(q)) {
            for (Map<String, AttributeValue> i : page.items()) {
                out.add(new DueRoom(str(i, PK).substring(CalroomTable.ROOM_PREFIX.length()),
                        Attrs.instant(i, NEXT_SYNC_AT), str(i, FEED_HOST)));
                if (out.size() >= limit) {
                    return out;
                }
            }
        }
        return out;
    }

    @Override
    public boolean markDispatched(String room, Instant seen, Instant dispatchedUntil) {
        try {
            db.updateItem(dispatchRequest(room, seen, dispatchedUntil));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    UpdateItemRequest dispatchRequest(String room, Instant seen, Instant dispatchedUntil) {
        return UpdateItemRequest.builder().tableName(table).key(key(room))
                .updateExpression("SET #next = :until")
                .conditionExpression(DISPATCH_CONDITION)
                .expressionAttributeNames(Map.of("#shard", SYNC_SHARD, "#next", NEXT_SYNC_AT))
                .expressionAttributeValues(Map.of(":seen", time(seen), ":until", time(dispatchedUntil)))
                .build();
    }

    @Override
    public boolean finishSync(String room, String owner, SyncState st) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>(List.of("#lo", "#lu"));
        names.put("#lo", "leaseOwner");
        names.put("#lu", "leaseUntil");
        values.put(":owner", s(owner));
        field(set, remove, names, values, "syncStatus", st.status() == null ? null : st.status().wire());
        field(set, remove, names, values, "syncError", st.error());
        field(set, remove, names, values, "lastAttemptAt", st.lastAttemptAt() == null ? null
                : Times.sortable(st.lastAttemptAt()));
        field(set, remove, names, values, "lastSuccessAt", st.lastSuccessAt() == null ? null
                : Times.sortable(st.lastSuccessAt()));
        field(set, remove, names, values, "etag", st.etag());
        field(set, remove, names, values, "lastModified", st.lastModified());
        field(set, remove, names, values, "contentHash", st.contentHash());
        field(set, remove, names, values, "coveredUntil", st.coveredUntil() == null ? null
                : Times.sortable(st.coveredUntil()));
        names.put("#had", "hadEvents");
        values.put(":had", bool(st.hadEvents()));
        set.add("#had = :had");
        names.put("#fails", "syncFailures");
        values.put(":fails", n(st.consecutiveFailures()));
        set.add("#fails = :fails");
        Attrs.setOrRemove(set, remove, names, values, "syncDurationMs", st.lastDurationMillis() == null ? null
                : n(st.lastDurationMillis()));
        if (st.nextSyncAt() != null) {
            // Only a failed sync moves the next sync time (its backoff); the claim already set the regular one.
            names.put("#next", NEXT_SYNC_AT);
            values.put(":next", time(st.nextSyncAt()));
            set.add("#next = :next");
        }
        SyncCounts c = st.counts();
        names.put("#counts", "syncCounts");
        values.put(":counts", AttributeValue.fromM(Map.of("inFeed", n(c.inFeed()), "matched", n(c.matched()),
                "created", n(c.created()), "updated", n(c.updated()), "deleted", n(c.deleted()),
                "meetingsCreated", n(c.meetingsCreated()), "meetingsCancelled", n(c.meetingsCancelled()),
                "occurrencesLeftOut", n(c.occurrencesLeftOut()), "meetingsLeftOut", n(c.meetingsLeftOut()))));
        set.add("#counts = :counts");
        String expression = "SET " + String.join(", ", set) + " REMOVE " + String.join(", ", remove);
        try {
            db.updateItem(UpdateItemRequest.builder().tableName(table).key(key(room))
                    .updateExpression(expression).conditionExpression(FINISH_CONDITION)
                    .expressionAttributeNames(names).expressionAttributeValues(values).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<Room> listOwnedBy(String ownerSub) {
        QueryRequest q = QueryRequest.builder().tableName(table).indexName(CalroomTable.ROOMS_BY_OWNER_INDEX)
                .keyConditionExpression("#o = :o")
                .expressionAttributeNames(Map.of("#o", CalroomTable.OWNER))
                .expressionAttributeValues(Map.of(":o", s(ownerSub)))
                .build();
        List<Room> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(i -> out.add(fromItem(i)));
        return out;
    }

    @Override
    public Optional<Room> update(String name, RoomPatch patch, Instant now) {
        try {
            return Optional.of(fromItem(db.updateItem(updateRequest(name, patch, now)).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    UpdateItemRequest updateRequest(String name, RoomPatch p, Instant now) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#up", "updatedAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", time(now)));
        List<String> set = new ArrayList<>(List.of("#up = :now"));
        List<String> remove = new ArrayList<>();
        p.locked().ifPresent(v -> setValue(set, names, values, "locked", bool(v)));
        if (p.removeIcs()) {
            for (String a : List.of("icsUrl", FEED_HOST, "icsEnabled", "fetchIntervalMinutes", "match", "timezone",
                    "meetingKey", SYNC_SHARD, NEXT_SYNC_AT, "etag", "lastModified", "contentHash", "coveredUntil")) {
                names.put("#" + a, a);
                remove.add("#" + a);
            }
        } else {
            p.icsUrl().ifPresent(url -> {
                setValue(set, names, values, "icsUrl", s(url));
                String host = dev.calroom.domain.FeedHost.of(url);
                if (host != null) {
                    setValue(set, names, values, FEED_HOST, s(host));
                }
                // Validators of the old feed mean nothing for the new one; sync it at once.
                for (String a : List.of("etag", "lastModified", "contentHash", "coveredUntil")) {
                    names.put("#" + a, a);
                    remove.add("#" + a);
                }
                setValue(set, names, values, NEXT_SYNC_AT, time(now));
            });
            p.fetchIntervalMinutes().ifPresent(v -> setValue(set, names, values, "fetchIntervalMinutes", n(v)));
            p.match().ifPresent(v -> setValue(set, names, values, "match", s(v.wire())));
            p.meetingKey().ifPresent(v -> setValue(set, names, values, "meetingKey", s(v.wire())));
            p.timezone().ifPresent(tz -> {
                if (tz.isPresent()) {
                    setValue(set, names, values, "timezone", s(tz.get()));
                } else {
                    names.put("#timezone", "timezone");
                    remove.add("#timezone");
                }
            });
            p.icsEnabled().ifPresent(enabled -> {
                setValue(set, names, values, "icsEnabled", bool(enabled));
                names.put("#" + SYNC_SHARD, SYNC_SHARD);
                if (enabled) {
                    values.put(":" + SYNC_SHARD, s(CalroomTable.shardOf(name)));
                    set.add("#" + SYNC_SHARD + " = :" + SYNC_SHARD);
                    if (p.icsUrl().isEmpty()) {
                        names.put("#" + NEXT_SYNC_AT, NEXT_SYNC_AT);
                        values.put(":" + NEXT_SYNC_AT, time(now));
                        set.add("#" + NEXT_SYNC_AT + " = if_not_exists(#" + NEXT_SYNC_AT + ", :" + NEXT_SYNC_AT + ")");
                    }
                } else {
                    // Out of the sparse due-sync index: a disabled feed is never picked up.
                    remove.add("#" + SYNC_SHARD);
                }
            });
        }
        String expr = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        return UpdateItemRequest.builder().tableName(table).key(key(name)).updateExpression(expr)
                .conditionExpression(UPDATE_CONDITION).expressionAttributeNames(names)
                .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW).build();
    }

    private static void setValue(List<String> set, Map<String, String> names, Map<String, AttributeValue> values,
                                 String attribute, AttributeValue value) {
        names.put("#" + attribute, attribute);
        values.put(":" + attribute, value);
        set.add("#" + attribute + " = :" + attribute);
    }

    /** Deletion markers: one partition, an item per deleted room still being swept. */
    static final String DELETIONS_PK = "DELETION";

    @Override
    public boolean markDeleted(String name, Instant now) {
        Map<String, AttributeValue> marker = new HashMap<>(Map.of(PK, s(DELETIONS_PK),
                SK, s(name + "#" + Times.sortable(now) + "#" + java.util.UUID.randomUUID()), "name", s(name),
                "type", s("deletion")));
        try {
            db.transactWriteItems(b -> b.transactItems(
                    software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder().delete(
                            software.amazon.awssdk.services.dynamodb.model.Delete.builder().tableName(table)
                                    .key(key(name)).conditionExpression("attribute_exists(#pk)")
                                    .expressionAttributeNames(Map.of("#pk", PK)).build()).build(),
                    software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder().put(
                            software.amazon.awssdk.services.dynamodb.model.Put.builder().tableName(table)
                                    .item(marker).build()).build()));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
            if (e.hasCancellationReasons() && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean sweepPending(String name) {
        return !markers(name).isEmpty();
    }

    private List<String> markers(String name) {
        QueryRequest q = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(DELETIONS_PK), ":prefix", s(name + "#")))
                .consistentRead(true).build();
        List<String> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(item -> out.add(str(item, SK)));
        return out;
    }

    @Override
    public List<String> pendingSweeps(int limit) {
        QueryRequest q = QueryRequest.builder().tableName(table).keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK)).expressionAttributeValues(Map.of(":pk", s(DELETIONS_PK)))
                .limit(limit).build();
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        db.query(q).items().forEach(item -> names.add(str(item, "name")));
        return List.copyOf(names);
    }

    @Override
    public Page nextPage(String name, int limit) {
        QueryRequest q = QueryRequest.builder().tableName(table).keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK, "#vr", "videoRoomName"))
                .expressionAttributeValues(Map.of(":pk", s(roomPk(name)))).projectionExpression("#sk, #vr")
                .consistentRead(true).limit(limit + 1).build();
        List<String> keys = new ArrayList<>();
        List<String> video = new ArrayList<>();
        for (Map<String, AttributeValue> item : db.query(q).items()) {
            String sk = str(item, SK);
            if (ROOM_SK.equals(sk)) {
                continue; // a room created under the name since: its own items are not the deleted room's
            }
            if (keys.size() == limit) {
                break;
            }
            keys.add(sk);
            if (item.containsKey("videoRoomName")) {
                video.add(str(item, "videoRoomName"));
            }
        }
        return new Page(keys, video);
    }

    @Override
    public void deleteItems(String name, List<String> sortKeys) {
        List<WriteRequest> batch = new ArrayList<>(25);
        for (String sk : sortKeys) {
            batch.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(Map.of(PK, s(roomPk(name)),
                    SK, s(sk))).build()).build());
            if (batch.size() == 25) {
                deleteBatch(batch);
                batch = new ArrayList<>(25);
            }
        }
        if (!batch.isEmpty()) {
            deleteBatch(batch);
        }
    }

    @Override
    public void sweepDone(String name) {
        for (String sk : markers(name)) {
            db.deleteItem(b -> b.tableName(table).key(Map.of(PK, s(DELETIONS_PK), SK, s(sk))));
        }
    }

    private void deleteBatch(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int attempt = 0; !pending.isEmpty() && attempt < 8; attempt++) {
            if (attempt > 0) {
                sleep(50L << attempt);
            }
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse r = db.batchWriteItem(b -> b.requestItems(request));
            pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException("items of a deleted room were left after retries");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<Instant> claimManualSync(String name, Instant now, Duration minInterval) {
        try {
            db.updateItem(manualSyncRequest(name, now, minInterval));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.item();
            Instant last = old == null ? null : Attrs.instant(old, "lastManualSyncAt");
            return Optional.of(last == null ? now : last);
        }
    }

    UpdateItemRequest manualSyncRequest(String name, Instant now, Duration minInterval) {
        return UpdateItemRequest.builder().tableName(table).key(key(name))
                .updateExpression("SET #ms = :now")
                .conditionExpression(MANUAL_SYNC_CONDITION)
                .expressionAttributeNames(Map.of("#pk", PK, "#ms", "lastManualSyncAt"))
                .expressionAttributeValues(Map.of(":now", time(now), ":cutoff", time(now.minus(minInterval))))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    private static void field(List<String> set, List<String> remove, Map<String, String> names,
                              Map<String, AttributeValue> values, String attribute, String value) {
        Attrs.setOrRemove(set, remove, names, values, attribute, value == null ? null : s(value));
    }

    /** Reads a stored room, as {@link #fromItem} reads one, for SnapStart priming (no item is read or written). */
    static void primeReading() {
        AttributeValue at = time(Instant.EPOCH);
        fromItem(Map.of("name", s(Room.PRIMING_NAME), "createdAt", at, "syncStatus", s(SyncStatus.SYNCED.wire()),
                "lastSuccessAt", at, "syncCounts", AttributeValue.fromM(Map.of("inFeed", n(1)))));
    }

    static Room fromItem(Map<String, AttributeValue> item) {
        IcsConfig ics = null;
        if (item.containsKey("icsUrl")) {
            ics = new IcsConfig(str(item, "icsUrl"), bool(item, "icsEnabled"),
                    (int) num(item, "fetchIntervalMinutes", IcsConfig.DEFAULT_INTERVAL),
                    item.containsKey("match") ? MatchMode.fromWire(str(item, "match")) : MatchMode.ROOM_URL,
                    str(item, "timezone"),
                    item.containsKey("meetingKey") ? MeetingKeyMode.fromWire(str(item, "meetingKey"))
                            : MeetingKeyMode.SLOT);
        }
        SyncCounts counts = SyncCounts.NONE;
        AttributeValue c = item.get("syncCounts");
        if (c != null && c.hasM()) {
            Map<String, AttributeValue> m = c.m();
            counts = new SyncCounts((int) num(m, "inFeed", 0), (int) num(m, "matched", 0), (int) num(m, "created", 0),
                    (int) num(m, "updated", 0), (int) num(m, "deleted", 0), (int) num(m, "meetingsCreated", 0),
                    (int) num(m, "meetingsCancelled", 0), (int) num(m, "occurrencesLeftOut", 0),
                    (int) num(m, "meetingsLeftOut", 0));
        }
        SyncState sync = new SyncState(SyncStatus.fromWire(str(item, "syncStatus")), str(item, "syncError"),
                Attrs.instant(item, "lastAttemptAt"), Attrs.instant(item, "lastSuccessAt"), str(item, "etag"),
                str(item, "lastModified"), str(item, "contentHash"), Attrs.instant(item, "coveredUntil"),
                bool(item, "hadEvents"), counts, Attrs.instant(item, NEXT_SYNC_AT),
                (int) num(item, "syncFailures", 0),
                item.containsKey("syncDurationMs") ? num(item, "syncDurationMs", 0) : null);
        return new Room(str(item, "name"), str(item, "ownerSub"), bool(item, "locked"),
                Attrs.instant(item, "createdAt"), ics, sync);
    }
}
