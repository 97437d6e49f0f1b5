package dev.calroom.sync;

import dev.calroom.api.Views;
import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MatchMode;
import dev.calroom.domain.MeetingKeyMode;
import dev.calroom.domain.Room;
import dev.calroom.domain.SyncState;
import dev.calroom.domain.SyncStatus;
import dev.calroom.dynamodb.DynamoEventStore;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.dynamodb.LocalDynamo;
import dev.calroom.fetch.FetchSettings;
import dev.calroom.fetch.HttpFeedFetcher;
import dev.calroom.ics.FeedReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failing feed is tried less and less often, its host's Retry-After is honoured, and its owner is told why. */
class SyncBackoffIntegrationTest {

    DynamoDbClient db;
    String table;
    FeedServer feed;
    MutableClock clock;
    DynamoRoomStore rooms;
    RoomSyncService sync;

    @BeforeEach
    void setUp() throws Exception {
        db = LocalDynamo.client();
        table = LocalDynamo.freshTable(db);
        feed = new FeedServer();
        clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"));
        rooms = new DynamoRoomStore(db, table);
        FetchSettings fetch = FetchSettings.defaults(true).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2));
        sync = new RoomSyncService(rooms, new DynamoEventStore(db, table), new DynamoMeetingStore(db, table),
                new HttpFeedFetcher(fetch, clock), new FeedReader(), SyncSettings.defaults("https://rooms.example"),
                clock);
        rooms.create(new Room("team", "owner-1", false, clock.instant(),
                new IcsConfig(feed.url(), true, 5, MatchMode.ALL, null, MeetingKeyMode.SLOT),
                SyncState.never(clock.instant())));
    }

    @AfterEach
    void tearDown() throws Exception {
        feed.close();
        db.deleteTable(b -> b.tableName(table));
    }

    private Duration waitAfterSync() {
        Instant before = clock.instant();
        sync.sync("team");
        return Duration.between(before, rooms.get("team").orElseThrow().sync().nextSyncAt());
    }

    @Test
    void sync_backsOffExponentially_whileTheFeedKeepsFailing_andResetsOnSuccess() {
        feed.mode(FeedServer.Mode.ERROR_500);
        long[] minutes = {5, 10, 20, 40, 60, 60};
        for (int i = 0; i < minutes.length; i++) {
            assertEquals(Duration.ofMinutes(minutes[i]), waitAfterSync(), "after failure " + (i + 1));
            assertEquals(i + 1, rooms.get("team").orElseThrow().sync().consecutiveFailures());
            clock.advance(Duration.ofMinutes(minutes[i]));
        }
        Room room = rooms.get("team").orElseThrow();
        var view = new Views("https://rooms.example", null).sync(room.sync(), true, Duration.ofMinutes(5));
        assertEquals(6, view.path("consecutiveFailures").asInt());
        assertTrue(view.path("backoff").asText().startsWith(
                "the feed failed 6 times in a row; calroom waits 60 minutes instead of 5 minutes"),
                view.path("backoff").asText());

        feed.serve("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261124T100000Z\r\n"
                + "DTEND:20261124T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        assertEquals(Duration.ofMinutes(5), waitAfterSync());
        room = rooms.get("team").orElseThrow();
        assertEquals(SyncStatus.SYNCED, room.sync().status());
        assertEquals(0, room.sync().consecutiveFailures());
        assertTrue(new Views("https://rooms.example", null).sync(room.sync(), true, Duration.ofMinutes(5)).path("backoff").isNull());
    }

    @Test
    void sync_honoursRetryAfter_of429_andAnHttpDateOf503_withinTwelveIntervals() {
        feed.mode(FeedServer.Mode.TOO_MANY_REQUESTS);
        assertEquals(Duration.ofHours(1), waitAfterSync(), "Retry-After: 3600");
        Room room = rooms.get("team").orElseThrow();
        assertTrue(room.sync().error().startsWith("HTTP 429 from 127.0.0.1 (too many requests)"),
                room.sync().error());
        clock.advance(Duration.ofHours(1));
        feed.mode(FeedServer.Mode.UNAVAILABLE_UNTIL_DATE);
        assertEquals(Duration.ofHours(1), waitAfterSync(), "a date years away is capped at 12 intervals");
        assertEquals(2, feed.requests());
    }
}
