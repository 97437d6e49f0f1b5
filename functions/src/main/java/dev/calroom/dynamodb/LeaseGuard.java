package dev.calroom.dynamodb;

import dev.calroom.sync.RoomLeaseLostException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calroom.dynamodb.Attrs.s;
import static dev.calroom.dynamodb.CalroomTable.PK;
import static dev.calroom.dynamodb.CalroomTable.ROOM_SK;
import static dev.calroom.dynamodb.CalroomTable.SK;
import static dev.calroom.dynamodb.CalroomTable.roomPk;

/**
 * Writes a sync makes, made conditional on the room item still carrying that sync's lease: each goes in a
 * transaction with a ConditionCheck on the room, so once the room is deleted (or created again under its name, or
 * taken over by another sync) not one more write of the old sync lands.
 */
final class LeaseGuard {

    /** The room exists and this sync holds its lease. */
    static final String CONDITION = "#lo = :owner";
    static final int MAX_ITEMS = 100;

    private LeaseGuard() {
    }

    static TransactWriteItem check(String table, String room, String owner) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(Map.of(PK, s(roomPk(room)), SK, s(ROOM_SK))).conditionExpression(CONDITION)
                .expressionAttributeNames(Map.of("#lo", "leaseOwner"))
                .expressionAttributeValues(Map.of(":owner", s(owner))).build()).build();
    }

    /**
     * Writes the items with the lease check, in transactions of at most 100 items. Answers, per item, whether its
     * own condition held (false: that item's condition failed, the others of its transaction were not written and
     * are tried again); throws {@link RoomLeaseLostException} when the lease is gone.
     */
    static boolean write(DynamoDbClient db, String table, String room, String owner, TransactWriteItem item) {
        return writeAll(db, table, room, owner, List.of(item)).get(0);
    }

    static List<Boolean> writeAll(DynamoDbClient db, String table, String room, String owner,
                                  List<TransactWriteItem> items) {
        List<Boolean> out = new ArrayList<>(items.size());
        for (int from = 0; from < items.size(); from += MAX_ITEMS - 1) {
            List<TransactWriteItem> chunk = items.subList(from, Math.min(items.size(), from + MAX_ITEMS - 1));
            out.addAll(writeChunk(db, table, room, owner, chunk));
        }
        return out;
    }

    private static List<Boolean> writeChunk(DynamoDbClient db, String table, String room, String owner,
                                            List<TransactWriteItem> chunk) {
        List<Boolean> ok = new ArrayList<>(java.util.Collections.nCopies(chunk.size(), Boolean.TRUE));
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            pending.add(i);
        }
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            List<TransactWriteItem> tx = new ArrayList<>(pending.size() + 1);
            tx.add(check(table, room, owner));
            for (int i : pending) {
                tx.add(chunk.get(i));
            }
            try {
                db.transactWriteItems(b -> b.transactItems(tx));
                return ok;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    throw new RoomLeaseLostException(room);
                }
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                List<Integer> retry = new ArrayList<>();
                for (int k = 0; k < pending.size(); k++) {
                    String code = k + 1 < reasons.size() ? reasons.get(k + 1).code() : "None";
                    if ("ConditionalCheckFailed".equals(code)) {
                        ok.set(pending.get(k), Boolean.FALSE);
                    } else {
                        retry.add(pending.get(k));
                    }
                }
                if (retry.size() == pending.size() && !conflict || attempt >= 5) {
                    throw e;
                }
                pending = retry;
                if (conflict) {
                    try {
                        Thread.sleep(10L << attempt);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
        return ok;
    }
}
