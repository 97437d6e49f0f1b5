package dev.calroom.rooms;

import dev.calroom.daily.DailyClient;
import dev.calroom.daily.DailyEmulator;
import dev.calroom.daily.DailySettings;
import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MatchMode;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingKeyMode;
import dev.calroom.domain.Room;
import dev.calroom.domain.SyncState;
import dev.calroom.domain.SyncStatus;
import dev.calroom.domain.VideoRoom;
import dev.calroom.dynamodb.DynamoEventStore;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.dynamodb.LocalDynamo;
import dev.calroom.ics.FeedReader;
import dev.calroom.sync.FeedSource;
import dev.calroom.sync.FetchResult;
import dev.calroom.sync.MutableClock;
import dev.calroom.sync.RoomSyncService;
import dev.calroom.sync.SyncReport;
import dev.calroom.sync.SyncSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A deleted room's data never outlives it, and a room created again under its name inherits nothing. */
class RoomDeletionTest {

    static final String BASE = "https://rooms.example";
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    DailyEmulator daily;
    DynamoDbClient db;
    String table;
    DynamoRoomStore rooms;
    DynamoEventStore events;
    DynamoMeetingStore meetings;
    DailyClient video;

    @BeforeEach
    void setUp() throws Exception {
        daily = new DailyEmulator(clock::instant);
        db = LocalDynamo.client();
        table = LocalDynamo.freshTable(db);
        rooms = new DynamoRoomStore(db, table);
        events = new DynamoEventStore(db, table);
        meetings = new DynamoMeetingStore(db, table);
        video = new DailyClient(DailyClient.defaultHttpClient(Duration.ofSeconds(1)), daily.baseUrl(), () -> "k",
                DailySettings.interactive());
    }

    @AfterEach
    void tearDown() {
        daily.close();
        db.deleteTable(b -> b.tableName(table));
    }

    private void createRoom(String owner) {
        assertTrue(rooms.create(new Room("team", owner, false, clock.instant(), new IcsConfig(
                "https://feeds.example/private-secret.ics", true, 5, MatchMode.ROOM_URL, null, MeetingKeyMode.SLOT),
                SyncState.never(clock.instant()))));
    }

    private byte[] feed(int bookings) {
        StringBuilder sb = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n");
        for (int i = 0; i < bookings; i++) {
            Instant start = clock.instant().plus(Duration.ofHours(1)).plus(Duration.ofMinutes(15L * i));
            sb.append("BEGIN:VEVENT\r\nUID:b-").append(i).append("\r\nDTSTART:").append(UTC.format(start))
                    .append("\r\nDTEND:").append(UTC.format(start.plus(Duration.ofMinutes(15))))
                    .append("\r\nSUMMARY:Private booking ").append(i).append("\r\nDESCRIPTION:client notes ")
                    .append(i).append("\r\nLOCATION:").append(BASE).append("/team\r\n")
                    .append("ATTENDEE;CN=Client:mailto:client").append(i).append("@example.com\r\nEND:VEVENT\r\n");
        }
        return sb.append("END:VCALENDAR\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private RoomSyncService sync(FeedSource source) {
        return new RoomSyncService(rooms, events, meetings, source, new FeedReader(),
                new SyncSettings(Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(24), Duration.ofMinutes(2),
                        BASE, 1000, 200), clock);
    }

    private RoomService service() {
        return new RoomService(rooms, rooms, video, new IcsUrlPolicy(false), clock);
    }

    private List<Meeting> allMeetings() {
        return meetings.listStartingBetween("team", Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
    }

    @Test
    void deletingARoomWhileItSyncs_refusesEverySyncWriteAfter_andARecreatedNameInheritsNothing() {
        createRoom("alice");
        byte[] body = feed(20);
        // The owner deletes the room while its sync is fetching the feed.
        FeedSource deletingMidSync = (url, etag, lm) -> {
            assertTrue(new RoomDeletion(rooms, video, clock).delete("team", clock.instant().plusSeconds(5)));
            return new FetchResult.Body(body, "\"v1\"", null);
        };
        SyncReport report = sync(deletingMidSync).sync("team");
        assertEquals(SyncStatus.ERROR, report.status(), "not 'synced'");
        assertTrue(report.error().contains("deleted"), report.error());
        assertEquals(List.of(), events.list("team"), "no event written after the delete");
        assertEquals(List.of(), allMeetings(), "no meeting written after the delete");

        createRoom("mallory");
        assertEquals(List.of(), events.list("team"));
        assertEquals(List.of(), allMeetings());
        assertTrue(rooms.get("team").orElseThrow().ownerSub().equals("mallory"));
    }

    @Test
    void aDeletedRoomsEventsMeetingsAndVideoRooms_areAllGone_beforeItsNameIsTakenAgain() {
        createRoom("alice");
        byte[] body = feed(12);
        assertEquals(SyncStatus.SYNCED, sync((u, e, l) -> new FetchResult.Body(body, "\"v1\"", null)).sync("team")
                .status());
        Meeting m = allMeetings().get(0);
        VideoRoom vr = video.createRoom("cr_team_" + m.id(), clock.instant().plus(Duration.ofHours(3)));
        assertTrue(meetings.attachVideoRoom("team", m.id(), vr, clock.instant()).isPresent());
        assertFalse(events.list("team").isEmpty());

        service().delete("team", new dev.calroom.auth.Caller("alice", null, null));
        assertEquals(Optional.empty(), rooms.get("team"));
        assertTrue(daily.rooms().isEmpty(), "its video rooms were deleted");
        assertEquals(List.of(), daily.rooms().keySet().stream().toList());

        service().create(new dev.calroom.auth.Caller("mallory", "m@example.com", null),
                new RoomDraft("team", false, null));
        assertEquals(List.of(), events.list("team"), "nothing inherited: no descriptions, no attendee emails");
        assertEquals(List.of(), allMeetings());
    }

    @Test
    void aSweepCutShort_isResumedByTheNextRun_andTheNameIsFreeOnceItIsDone() {
        createRoom("alice");
        byte[] body = feed(150);
        assertEquals(SyncStatus.SYNCED, sync((u, e, l) -> new FetchResult.Body(body, "\"v1\"", null)).sync("team")
                .status());
        int before = events.list("team").size() + allMeetings().size();
        assertTrue(before > RoomDeletion.PAGE, "more than one page: " + before);
        RoomDeletion deletion = new RoomDeletion(rooms, video, clock);
        // The function's budget is spent at once: the room is gone, its items wait for the sweep.
        assertTrue(deletion.delete("team", clock.instant()));
        assertEquals(Optional.empty(), rooms.get("team"));
        assertTrue(rooms.sweepPending("team"));
        dev.calroom.domain.RefusedException refused = org.junit.jupiter.api.Assertions.assertThrows(
                dev.calroom.domain.RefusedException.class, () -> service().create(
                        new dev.calroom.auth.Caller("mallory", null, null), new RoomDraft("team", false, null)));
        assertTrue(refused.getMessage().contains("still being cleared"), refused.getMessage());

        assertEquals(1, deletion.resumePending(clock.instant().plusSeconds(30)), "the next run finishes it");
        assertFalse(rooms.sweepPending("team"));
        assertEquals(List.of(), events.list("team"));
        service().create(new dev.calroom.auth.Caller("mallory", null, null), new RoomDraft("team", false, null));
        assertEquals(List.of(), allMeetings());
    }
}
