package dev.calroom.meetings;

import dev.calroom.daily.DailyClient;
import dev.calroom.daily.DailyEmulator;
import dev.calroom.daily.DailySettings;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.FaultInjector;
import dev.calroom.dynamodb.LocalDynamo;
import dev.calroom.sync.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No video room outlives a failed or refused write: DynamoDB Local and the Daily emulator. */
class VideoRoomKeeperTest {

    static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    final MutableClock clock = new MutableClock(NOW);
    DailyEmulator daily;
    final FaultInjector faults = new FaultInjector();
    DynamoDbClient db;
    String table;
    DynamoMeetingStore meetings;
    VideoProvider video;
    Meeting meeting;

    @BeforeEach
    void setUp() throws Exception {
        daily = new DailyEmulator(clock::instant);
        db = LocalDynamo.client(faults);
        table = LocalDynamo.freshTable(db);
        meetings = new DynamoMeetingStore(db, table);
        video = new DailyClient(DailyClient.defaultHttpClient(Duration.ofSeconds(1)), daily.baseUrl(), () -> "k",
                DailySettings.interactive());
        Instant end = NOW.plus(Duration.ofMinutes(30));
        meeting = Meeting.calendar(new MeetingSlot(NOW.plus(Duration.ofMinutes(10)), end).id(), "team", "t",
                NOW.plus(Duration.ofMinutes(10)), end, Set.of("u\u001f-"), null, null, List.of());
        assertTrue(new dev.calroom.dynamodb.DynamoRoomStore(db, table).create(new dev.calroom.domain.Room("team",
                "alice", false, NOW, null, dev.calroom.domain.SyncState.never(NOW))));
        assertTrue(meetings.create(meeting));
    }

    @Test
    void aMeetingBroughtBackWhileItsRoomIsDeleted_keepsNoRecordOfTheDeletedRoom() {
        VideoRoomKeeper keeper = new VideoRoomKeeper(meetings, video, "cr");
        Meeting held = keeper.ensure(meeting, NOW.plus(Duration.ofHours(1)), NOW).orElseThrow();
        assertTrue(meetings.cancel("team", held.id(), held.version(), NOW));
        // Sync brings the booking back while the lifecycle is deleting the cancelled meeting's room.
        VideoProvider racing = new VideoProvider() {
            public dev.calroom.domain.VideoRoom createRoom(String name, Instant expiresAt) {
                return video.createRoom(name, expiresAt);
            }

            public boolean setRoomExpiry(String name, Instant expiresAt) {
                return video.setRoomExpiry(name, expiresAt);
            }

            public boolean roomExists(String name) {
                return video.roomExists(name);
            }

            public void deleteRoom(String name) {
                Meeting cancelled = meetings.get("team", meeting.id()).orElseThrow();
                assertTrue(meetings.updateFromBookings("team", meeting.id(), new dev.calroom.sync.BookingDetails(
                        cancelled.sources(), cancelled.detailsSource(), "t", null, null, List.of(), null),
                        cancelled.version(), true, NOW, null));
                video.deleteRoom(name);
            }

            public List<VideoParticipant> presence(String name) {
                return video.presence(name);
            }

            public String createToken(MeetingTokenRequest request) {
                return video.createToken(request);
            }
        };
        new dev.calroom.lifecycle.LifecycleService(meetings, meetings, racing,
                dev.calroom.domain.MeetingPolicy.defaults(), "cr", clock).runDue(Duration.ofSeconds(30), 10);
        Meeting after = meetings.get("team", meeting.id()).orElseThrow();
        assertEquals(dev.calroom.domain.MeetingStatus.SCHEDULED, after.status(), "brought back");
        assertTrue(daily.rooms().isEmpty(), "its room was deleted");
        assertEquals(null, after.videoRoom(), "and the record does not name it");
    }

    @Test
    void aRoomBeingDeleted_getsNoVideoRoomRecorded_andTheOneMadeIsDeletedAgain() {
        assertTrue(new dev.calroom.dynamodb.DynamoRoomStore(db, table).markDeleted("team", NOW));
        VideoRoomKeeper keeper = new VideoRoomKeeper(meetings, video, "cr");
        assertEquals(Optional.empty(), keeper.ensure(meeting, NOW.plus(Duration.ofHours(1)), NOW));
        assertTrue(daily.rooms().isEmpty(), "no video room outlives the deleted room");
        assertEquals(null, meetings.get("team", meeting.id()).orElseThrow().videoRoom());
    }

    @AfterEach
    void tearDown() {
        daily.close();
        db.deleteTable(b -> b.tableName(table));
    }

    @Test
    void aRoomMadeForAMeetingCancelledMeanwhile_isDeletedAgain() {
        assertTrue(meetings.cancel("team", meeting.id(), meeting.version(), NOW));
        VideoRoomKeeper keeper = new VideoRoomKeeper(meetings, video, "cr");
        assertEquals(Optional.empty(), keeper.ensure(meeting, NOW.plus(Duration.ofHours(1)), NOW));
        assertEquals(1, daily.calls("POST /v1/rooms"));
        assertTrue(daily.rooms().isEmpty());
        assertEquals(List.of("cr_team_" + meeting.id()), daily.deletedRooms());
    }

    @Test
    void aRoomWhoseRecordCannotBeWritten_isDeleted_andTheFailureSurfaces() {
        faults.failBefore("TransactWriteItems", 1, FaultInjector::throttled);
        VideoRoomKeeper keeper = new VideoRoomKeeper(meetings, video, "cr");
        assertThrows(RuntimeException.class, () -> keeper.ensure(meeting, NOW.plus(Duration.ofHours(1)), NOW));
        assertTrue(daily.rooms().isEmpty(), "no orphan room: the meeting was read and does not hold it");
    }

    @Test
    void whenTheMeetingCannotBeRead_theRoomIsLeftToExpire_neverDeletedUnderALiveCall() {
        // The record's write fails, and so does the read that would tell whether a concurrent join holds the room.
        VideoRoomKeeper broken = new VideoRoomKeeper(new DynamoMeetingStore(db, "no-such-table"), video, "cr");
        assertThrows(ResourceNotFoundException.class,
                () -> broken.ensure(meeting, NOW.plus(Duration.ofHours(1)), NOW));
        assertEquals(1, daily.rooms().size(), "kept: it may be the one a concurrent join recorded");
        assertEquals(List.of(), daily.deletedRooms());
        assertEquals(NOW.plus(Duration.ofHours(1)).getEpochSecond(), daily.rooms().values().iterator().next().exp(),
                "it closes at the meeting's hard end by itself");
    }

    @Test
    void aRecordedRoomTheProviderLost_isMadeAgainBeforeATokenIsHandedOut() {
        VideoRoomKeeper keeper = new VideoRoomKeeper(meetings, video, "cr");
        Meeting held = keeper.ensure(meeting, NOW.plus(Duration.ofHours(1)), NOW).orElseThrow();
        String name = held.videoRoom().name();
        video.deleteRoom(name); // a teardown racing a reinstated meeting, or someone in Daily's dashboard
        assertTrue(daily.rooms().isEmpty());
        clock.advance(Duration.ofMinutes(2));
        Meeting again = keeper.ensure(meetings.get("team", meeting.id()).orElseThrow(), NOW.plus(Duration.ofHours(1)),
                clock.instant()).orElseThrow();
        assertEquals(name, again.videoRoom().name());
        assertTrue(daily.rooms().containsKey(name), "the room the record names exists again");
        int reads = daily.calls("GET /v1/rooms/" + name);
        keeper.ensure(again, NOW.plus(Duration.ofHours(1)), clock.instant().plusSeconds(10));
        assertEquals(reads, daily.calls("GET /v1/rooms/" + name), "checked at most once a minute");
    }

    @Test
    void aRoomTheMeetingAlreadyHolds_isKept() {
        VideoRoomKeeper keeper = new VideoRoomKeeper(meetings, video, "cr");
        Meeting held = keeper.ensure(meeting, NOW.plus(Duration.ofHours(1)), NOW).orElseThrow();
        // A second caller with a stale copy (no room yet) finds the room the first one recorded.
        Meeting again = keeper.ensure(meeting, NOW.plus(Duration.ofHours(1)), NOW).orElseThrow();
        assertEquals(held.videoRoom().name(), again.videoRoom().name());
        assertEquals(1, daily.rooms().size());
        assertFalse(daily.deletedRooms().contains(held.videoRoom().name()));
    }
}
