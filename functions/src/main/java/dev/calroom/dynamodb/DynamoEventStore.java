package dev.calroom.dynamodb;

import dev.calroom.domain.CalendarEvent;
import dev.calroom.domain.EventStatus;
import dev.calroom.support.Hashes;
import dev.calroom.support.Times;
import dev.calroom.sync.EventStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.calroom.dynamodb.Attrs.bool;
import static dev.calroom.dynamodb.Attrs.n;
import static dev.calroom.dynamodb.Attrs.putIfPresent;
import static dev.calroom.dynamodb.Attrs.s;
import static dev.calroom.dynamodb.Attrs.str;
import static dev.calroom.dynamodb.Attrs.time;
import static dev.calroom.dynamodb.CalroomTable.EVENT_PREFIX;
import static dev.calroom.dynamodb.CalroomTable.PK;
import static dev.calroom.dynamodb.CalroomTable.SK;
import static dev.calroom.dynamodb.CalroomTable.roomPk;

/**
 * Calendar event occurrences: {@code pk=ROOM#<name>, sk=EVENT#<end>#<uid>#<recurrence-id or ->}. The end leads the
 * sort key, so a sync reads only the occurrences that can still change (a range from its window's start) and never
 * the room's history.
 */
public final class DynamoEventStore implements EventStore {

    private static final int MAX_TEXT = 16_384;

    private final DynamoDbClient db;
    private final String table;

    public DynamoEventStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    static String sortKey(CalendarEvent e) {
        String uid = e.uid().length() > 300 ? "h" + Hashes.sha256(e.uid()) : e.uid();
        return EVENT_PREFIX + Times.sortable(e.endsAt()) + "#" + uid + "#"
                + (e.recurrenceId() == null ? "-" : e.recurrenceId());
    }

    @Override
    public List<CalendarEvent> listEndingAfter(String room, Instant after) {
        QueryRequest q = listEndingAfterRequest(room, after);
        List<CalendarEvent> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(item -> {
            CalendarEvent e = fromItem(item);
            if (!e.endsAt().isBefore(after)) {
                out.add(e);
            }
        });
        return out;
    }

    QueryRequest listEndingAfterRequest(String room, Instant after) {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(roomPk(room)),
                        ":from", s(EVENT_PREFIX + Times.sortable(after)), ":to", s(EVENT_PREFIX + "~")))
                .build();
    }


    /** Every stored occurrence of the room, history included (tests and tools). */
    public List<CalendarEvent> list(String room) {
        QueryRequest q = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(roomPk(room)), ":prefix", s(EVENT_PREFIX)))
                .consistentRead(true).build();
        List<CalendarEvent> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(item -> out.add(fromItem(item)));
        return out;
    }

    @Override
    public void write(String room, String leaseOwner, List<CalendarEvent> puts, List<CalendarEvent> removes) {
        List<TransactWriteItem> items = new ArrayList<>(puts.size() + removes.size());
        for (CalendarEvent e : puts) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(room, e)).build())
                    .build());
        }
        for (CalendarEvent e : removes) {
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(Map.of(PK, s(roomPk(room)), SK, s(sortKey(e)))).build()).build());
        }
        LeaseGuard.writeAll(db, table, room, leaseOwner, items);
    }

    /** Stores one occurrence without a lease check (tests and tools seeding a table). */
    public void put(String room, CalendarEvent e) {
        Map<String, AttributeValue> item = item(room, e);
        db.putItem(b -> b.tableName(table).item(item));
    }

    private Map<String, AttributeValue> item(String room, CalendarEvent e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(roomPk(room)));
        item.put(SK, s(sortKey(e)));
        item.put("type", s("event"));
        item.put("uid", s(e.uid()));
        putIfPresent(item, "recurrenceId", e.recurrenceId());
        item.put("startsAt", time(e.startsAt()));
        item.put("endsAt", time(e.endsAt()));
        item.put("allDay", bool(e.allDay()));
        item.put("status", s(e.status().name()));
        putIfPresent(item, "summary", Attrs.cap(e.summary(), 1024));
        putIfPresent(item, "description", Attrs.cap(e.description(), MAX_TEXT));
        putIfPresent(item, "location", Attrs.cap(e.location(), 2048));
        if (e.attendees() != null && !e.attendees().isEmpty()) {
            item.put("attendees", Attrs.attendees(e.attendees().subList(0, Math.min(200, e.attendees().size()))));
        }
        item.put("sequence", n(e.sequence()));
        putIfPresent(item, "lastModified", e.lastModified());
        item.put("contentHash", s(e.contentHash()));
        item.put("deleted", bool(e.deleted()));
        putIfPresent(item, "deletedAt", e.deletedAt());
        // Past occurrences are history: the table's TTL removes them after the retention period.
        item.put(CalroomTable.TTL, n(e.endsAt().plus(CalroomTable.HISTORY).getEpochSecond()));
        return item;
    }

    static CalendarEvent fromItem(Map<String, AttributeValue> item) {
        return new CalendarEvent(str(item, "uid"), str(item, "recurrenceId"), Attrs.instant(item, "startsAt"),
                Attrs.instant(item, "endsAt"), bool(item, "allDay"), EventStatus.parse(str(item, "status")),
                str(item, "summary"), str(item, "description"), str(item, "location"),
                Attrs.attendees(item, "attendees"), (int) Attrs.num(item, "sequence", 0),
                Attrs.instant(item, "lastModified"), str(item, "contentHash"), bool(item, "deleted"),
                Attrs.instant(item, "deletedAt"));
    }
}
