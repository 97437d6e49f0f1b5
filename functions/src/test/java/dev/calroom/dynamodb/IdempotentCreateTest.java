package dev.calroom.dynamodb;

import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.domain.Presence;
import dev.calroom.sync.AdhocCreation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotent unscheduled creates on DynamoDB's real semantics, injected where DynamoDB Local lacks them. */
class IdempotentCreateTest {

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private final FaultInjector faults = new FaultInjector();
    private DynamoDbClient db;
    private String table;
    private DynamoMeetingStore store;

    @BeforeEach
    void setUp() {
        db = LocalDynamo.client(faults);
        table = LocalDynamo.freshTable(db);
        store = new DynamoMeetingStore(db, table);
    }

    @AfterEach
    void tearDown() {
        db.deleteTable(b -> b.tableName(table));
    }

    private static Meeting adhoc(Instant now) {
        String id = MeetingSlot.lowerBound(now) + "-a" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Instant ends = now.plus(Duration.ofHours(8));
        return new Meeting(id, "team", "Now", now, ends, MeetingStatus.SCHEDULED, Meeting.SOURCE_ADHOC, Set.of(), 1,
                null, null, List.of(), Presence.EMPTY, null, ends, null, null, null);
    }

    private int meetingsInRoom() {
        return store.listStartingBetween("team", Instant.EPOCH, NOW.plus(Duration.ofDays(1))).size();
    }

    @Test
    void concurrentCreates_meetingTransactionConflicts_makeOneMeeting_andEveryoneGetsIt() throws Exception {
        faults.failBefore("TransactWriteItems", 12, FaultInjector::transactionConflict);
        List<Future<AdhocCreation>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> store.createAdhoc(adhoc(NOW), "guest\u001fkey-1", "h1", NOW,
                        NOW.plus(Duration.ofHours(24)))));
            }
        }
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Future<AdhocCreation> f : results) {
            AdhocCreation c = f.get();
            ids.add(c.meeting().id());
            created += c.replayed() ? 0 : 1;
            assertFalse(c.reused());
        }
        assertEquals(12, faults.injected(), "the conflicts were met");
        assertEquals(1, ids.size(), "everyone got the first meeting");
        assertEquals(1, created);
        assertEquals(1, meetingsInRoom());
    }

    @Test
    void timeoutAfterTheWriteLanded_answersCreated_andARetryReplaysIt() {
        faults.timeoutAfterLanding("TransactWriteItems", 1);
        Meeting mine = adhoc(NOW);
        AdhocCreation first = store.createAdhoc(mine, "guest\u001fkey-2", "h", NOW, NOW.plus(Duration.ofHours(24)));
        assertEquals(1, faults.injected());
        assertFalse(first.replayed(), "the write that landed is this request's own");
        assertEquals(mine.id(), first.meeting().id());
        AdhocCreation again = store.createAdhoc(adhoc(NOW), "guest\u001fkey-2", "h", NOW,
                NOW.plus(Duration.ofHours(24)));
        assertTrue(again.replayed());
        assertEquals(mine.id(), again.meeting().id());
        assertEquals(1, meetingsInRoom());
    }

    @Test
    void throttledTransactions_areNotTakenForDuplicates() {
        faults.failBefore("TransactWriteItems", 1, FaultInjector::throttled);
        try {
            store.createAdhoc(adhoc(NOW), "guest\u001fkey-5", "h", NOW, NOW.plus(Duration.ofHours(24)));
        } catch (RuntimeException expected) {
            // throttling surfaces (the SDK retried what it could); nothing was stored
        }
        AdhocCreation after = store.createAdhoc(adhoc(NOW), "guest\u001fkey-5", "h", NOW,
                NOW.plus(Duration.ofHours(24)));
        assertFalse(after.replayed());
        assertEquals(1, meetingsInRoom());
    }

    @Test
    void anExpiredKey_isFreeAtItsExpiry_beforeTheTtlSweepRemovesIt() {
        AdhocCreation first = store.createAdhoc(adhoc(NOW), "guest\u001fkey-3", "h", NOW, NOW.plusSeconds(10));
        Instant later = NOW.plusSeconds(20);
        AdhocCreation second = store.createAdhoc(adhoc(later), "guest\u001fkey-3", "h", later,
                later.plus(Duration.ofHours(24)));
        assertFalse(second.replayed(), "the record is still stored, but expired");
        assertNotEquals(first.meeting().id(), second.meeting().id());
    }

    @Test
    void theSameKey_withAnotherBody_isAReuse_andCreatesNothing() {
        store.createAdhoc(adhoc(NOW), "guest\u001fkey-4", "title-a", NOW, NOW.plus(Duration.ofHours(24)));
        AdhocCreation other = store.createAdhoc(adhoc(NOW), "guest\u001fkey-4", "title-b", NOW,
                NOW.plus(Duration.ofHours(24)));
        assertTrue(other.reused());
        assertEquals(1, meetingsInRoom());
    }

    @Test
    void theWriteCondition_holdsTheExpiry() {
        var req = store.idempotentCreateRequest(adhoc(NOW), store.createRequest(adhoc(NOW), NOW),
                DynamoMeetingStore.idempotencyKey("team", "k"), "h", NOW, NOW.plusSeconds(60));
        var keyPut = req.transactItems().get(0).put();
        assertEquals("attribute_not_exists(#pk) OR #exp < :now", keyPut.conditionExpression());
        assertEquals("expiresAt", keyPut.expressionAttributeNames().get("#exp"));
        assertEquals(Long.toString(NOW.getEpochSecond()), keyPut.expressionAttributeValues().get(":now").n());
        assertEquals("h", keyPut.item().get("requestHash").s());
        assertEquals("attribute_not_exists(#pk)", req.transactItems().get(1).put().conditionExpression());
    }
}
