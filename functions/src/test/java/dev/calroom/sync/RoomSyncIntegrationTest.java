package dev.calroom.sync;

import dev.calroom.domain.CalendarEvent;
import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MatchMode;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingKeyMode;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.domain.Room;
import dev.calroom.domain.SyncState;
import dev.calroom.domain.SyncStatus;
import dev.calroom.dynamodb.DynamoEventStore;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.dynamodb.LocalDynamo;
import dev.calroom.dynamodb.RequestCounter;
import dev.calroom.fetch.FetchSettings;
import dev.calroom.fetch.HttpFeedFetcher;
import dev.calroom.ics.FeedReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Room sync against DynamoDB Local and a calendar server on loopback. */
class RoomSyncIntegrationTest {

    static final String BASE = "https://rooms.example";
    static final String ROOM = "team";
    static final String ROOM_URL = BASE + "/" + ROOM;
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneId.of("UTC"));
    static final DateTimeFormatter BERLIN = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneId.of("Europe/Berlin"));

    final RequestCounter counter = new RequestCounter();
    DynamoDbClient db;
    String table;
    FeedServer feed;
    MutableClock clock;
    DynamoRoomStore rooms;
    DynamoEventStore events;
    DynamoMeetingStore meetings;

    @BeforeEach
    void setUp() throws Exception {
        db = LocalDynamo.client(counter);
        table = LocalDynamo.freshTable(db);
        feed = new FeedServer();
        clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
        rooms = new DynamoRoomStore(db, table);
        events = new DynamoEventStore(db, table);
        meetings = new DynamoMeetingStore(db, table);
    }

    @AfterEach
    void tearDown() throws Exception {
        feed.close();
        db.deleteTable(b -> b.tableName(table));
    }

    RoomSyncService service(Duration lease) {
        FetchSettings fetch = FetchSettings.defaults(true).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2));
        // Limits above what these suites book (100 meetings a day); the limits' own test uses the defaults.
        SyncSettings settings = new SyncSettings(Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(24),
                lease, BASE, 5000, 500);
        return service(settings);
    }

    RoomSyncService service(SyncSettings settings) {
        FetchSettings fetch = FetchSettings.defaults(true).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2));
        return new RoomSyncService(rooms, events, meetings, new HttpFeedFetcher(fetch), new FeedReader(), settings,
                clock);
    }

    RoomSyncService service() {
        return service(Duration.ofMinutes(2));
    }

    void createRoom(MatchMode match, MeetingKeyMode key) {
        assertTrue(rooms.create(new Room(ROOM, "owner-1", false, clock.instant(),
                new IcsConfig(feed.url(), true, 5, match, null, key), SyncState.never(clock.instant()))));
    }

    static String calendar(String... vevents) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//user.fm//aggregate//EN\r\n" + String.join("", vevents)
                + "END:VCALENDAR\r\n";
    }

    static String utcEvent(String uid, Instant start, Duration length, String location) {
        return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTART:" + UTC.format(start) + "\r\nDTEND:"
                + UTC.format(start.plus(length)) + "\r\nSUMMARY:Booking " + uid + "\r\nLOCATION:" + location
                + "\r\nEND:VEVENT\r\n";
    }

    static String berlinEvent(String uid, Instant start, Duration length, String description) {
        return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTART;TZID=Europe/Berlin:" + BERLIN.format(start)
                + "\r\nDTEND;TZID=Europe/Berlin:" + BERLIN.format(start.plus(length)) + "\r\nSUMMARY:Booking\r\n"
                + "DESCRIPTION:Join at " + ROOM_URL + "\\nSee you\r\nEND:VEVENT\r\n";
    }

    /** 100 bookings, each twice: the Cal.com copy in UTC and the Google copy in Europe/Berlin. */
    String aggregatedFeed(int bookings) {
        List<String> vevents = new ArrayList<>();
        Instant first = clock.instant().plus(Duration.ofHours(1));
        for (int i = 0; i < bookings; i++) {
            Instant start = first.plus(Duration.ofMinutes(10L * i));
            vevents.add(utcEvent("booking-" + i + "@Cal.com", start, Duration.ofMinutes(10), ROOM_URL));
            vevents.add(berlinEvent(i + "-5f0c2a@google.com", start, Duration.ofMinutes(10), ROOM_URL));
        }
        return calendar(vevents.toArray(String[]::new));
    }

    List<Meeting> allMeetings() {
        return meetings.listStartingBetween(ROOM, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
    }

    List<Meeting> scheduled() {
        return allMeetings().stream().filter(m -> m.status() == MeetingStatus.SCHEDULED).toList();
    }

    List<SyncReport> concurrently(int n, Callable<SyncReport> task) throws Exception {
        try (ExecutorService ex = Executors.newFixedThreadPool(n)) {
            List<Future<SyncReport>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(ex.submit(task));
            }
            List<SyncReport> out = new ArrayList<>();
            for (Future<SyncReport> f : fs) {
                out.add(f.get());
            }
            return out;
        }
    }

    @Test
    void sixteenConcurrentSyncs_ofAnAggregatedFeed_leaveOneMeetingPerBooking() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        feed.serve(aggregatedFeed(100));
        RoomSyncService sync = service();
        List<SyncReport> reports = concurrently(16, () -> sync.sync(ROOM));
        assertEquals(1, reports.stream().filter(r -> r.status() == SyncStatus.SYNCED).count());
        assertEquals(15, reports.stream().filter(r -> r.status() == SyncStatus.SKIPPED).count());
        List<Meeting> ms = scheduled();
        assertEquals(100, ms.size());
        assertTrue(ms.stream().allMatch(m -> m.sources().size() == 2), "each meeting records both copies");
        assertEquals(200, events.list(ROOM).size());
    }

    @Test
    void sixteenConcurrentSyncs_withLostLeases_stillLeaveOneMeetingPerBooking() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        feed.serve(aggregatedFeed(100));
        // A zero lease expires at once: every run proceeds, as when a lease is lost mid-run.
        RoomSyncService sync = service(Duration.ZERO);
        List<SyncReport> reports = concurrently(16, () -> sync.sync(ROOM));
        assertTrue(reports.stream().anyMatch(r -> r.status() == SyncStatus.SYNCED), "the last holder finished");
        // A run whose lease was taken over writes nothing more: its writes carry a check of the lease.
        assertTrue(reports.stream().allMatch(r -> r.status() != SyncStatus.ERROR
                || r.error().contains("taken over")), reports.toString());
        List<Meeting> ms = allMeetings();
        assertEquals(100, ms.size());
        assertTrue(ms.stream().allMatch(m -> m.status() == MeetingStatus.SCHEDULED && m.sources().size() == 2));
        assertTrue(reports.stream().mapToInt(r -> r.counts().meetingsCreated()).sum() <= 100,
                "no meeting was created twice");
    }

    static String withAttendees(String vevent, String... emails) {
        StringBuilder a = new StringBuilder();
        for (String e : emails) {
            a.append("ATTENDEE;CN=").append(e, 0, e.indexOf('@')).append(";PARTSTAT=ACCEPTED:mailto:").append(e)
                    .append("\r\n");
        }
        return vevent.replace("END:VEVENT", a + "END:VEVENT");
    }

    private Meeting onlyMeeting() {
        List<Meeting> all = allMeetings().stream().filter(m -> m.status() != MeetingStatus.CANCELLED).toList();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    @Test
    void meetingsFollowTheirBooking_titleAndAttendeesUpdate_attendeesAreTheUnionOfBothCopies() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        Instant start = clock.instant().plus(Duration.ofHours(2));
        String google = withAttendees(utcEvent("g-1@google.com", start, Duration.ofHours(1), ROOM_URL),
                "ada@example.com");
        String calcom = withAttendees(utcEvent("c-1@cal.com", start, Duration.ofHours(1), ROOM_URL),
                "grace@example.com");
        feed.serve(calendar(google, calcom));
        RoomSyncService sync = service();
        sync.sync(ROOM);
        Meeting first = onlyMeeting();
        assertEquals(List.of("ada@example.com", "grace@example.com"),
                first.attendees().stream().map(dev.calroom.domain.Attendee::email).toList(),
                "an invitee on either copy of the booking is invited");
        String titleBefore = first.title();

        clock.advance(Duration.ofMinutes(5));
        String source = first.detailsSource();
        String edited = (source.startsWith("c-1") ? calcom : google).replace("SUMMARY:Booking", "SUMMARY:Renamed");
        String other = source.startsWith("c-1") ? google : calcom;
        feed.serve(calendar(withAttendees(edited, "linus@example.com"), other));
        sync.sync(ROOM);
        Meeting after = onlyMeeting();
        assertEquals(first.id(), after.id());
        assertTrue(after.title().startsWith("Renamed"), "the booking's new title: " + after.title()
                + " (was " + titleBefore + ")");
        assertTrue(after.attendees().stream().anyMatch(a -> a.email().equals("linus@example.com")),
                "an attendee added later is invited");
    }

    @Test
    void anotherEventAtTheSameSlot_doesNotRetitleTheMeeting() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        Instant start = clock.instant().plus(Duration.ofHours(2));
        feed.serve(calendar(utcEvent("m-1@owner", start, Duration.ofHours(1), ROOM_URL)));
        RoomSyncService sync = service();
        sync.sync(ROOM);
        String title = onlyMeeting().title();
        clock.advance(Duration.ofMinutes(5));
        // An event whose UID sorts first, slipped into the owner's calendar at the same slot.
        feed.serve(calendar(utcEvent("m-1@owner", start, Duration.ofHours(1), ROOM_URL),
                utcEvent("000-intruder", start, Duration.ofHours(1), ROOM_URL).replace("SUMMARY:Booking 000-intruder",
                        "SUMMARY:Pay this invoice")));
        sync.sync(ROOM);
        Meeting m = onlyMeeting();
        assertEquals(title, m.title());
        assertEquals(2, m.sources().size());
    }

    @Test
    void anActiveMeetingWhoseBookingIsExtended_movesItsEnd_andGetsNoTwin() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        Instant start = clock.instant().plus(Duration.ofMinutes(1));
        feed.serve(calendar(utcEvent("long@x", start, Duration.ofMinutes(30), ROOM_URL)));
        RoomSyncService sync = service();
        sync.sync(ROOM);
        Meeting m = onlyMeeting();
        clock.advance(Duration.ofMinutes(5));
        meetings.participantJoined(ROOM, m.id(), "s-1", null, clock.instant(), clock.instant());
        assertEquals(MeetingStatus.ACTIVE, meetings.get(ROOM, m.id()).orElseThrow().status());
        feed.serve(calendar(utcEvent("long@x", start, Duration.ofMinutes(60), ROOM_URL)));
        sync.sync(ROOM);
        sync.sync(ROOM);
        Meeting after = onlyMeeting();
        assertEquals(m.id(), after.id(), "the same meeting");
        assertEquals(start.plus(Duration.ofMinutes(60)), after.endsAt());
        assertEquals(1, after.presence().count(), "its people are still in it");
    }

    @Test
    void anEventWhoseEndMoves_isStoredOnce() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        Instant start = clock.instant().plus(Duration.ofHours(3));
        feed.serve(calendar(utcEvent("moving@x", start, Duration.ofHours(1), ROOM_URL)));
        RoomSyncService sync = service();
        sync.sync(ROOM);
        clock.advance(Duration.ofMinutes(5));
        feed.serve(calendar(utcEvent("moving@x", start, Duration.ofMinutes(90), ROOM_URL)));
        sync.sync(ROOM);
        List<CalendarEvent> stored = events.list(ROOM);
        assertEquals(1, stored.size(), stored.toString());
        assertEquals(start.plus(Duration.ofMinutes(90)), stored.get(0).endsAt());
    }

    /** Counts the items DynamoDB answers to queries: what a sync reads. */
    static final class ItemsRead implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        final java.util.concurrent.atomic.AtomicInteger items = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                                   software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (context.response() instanceof software.amazon.awssdk.services.dynamodb.model.QueryResponse q) {
                items.addAndGet(q.count());
            }
        }
    }

    @Test
    void anUnchangedResync_ofARoomWith90DaysOfHistory_readsOnlyTheLiveWindow() throws Exception {
        ItemsRead read = new ItemsRead();
        db = LocalDynamo.client(counter, read);
        rooms = new DynamoRoomStore(db, table);
        events = new DynamoEventStore(db, table);
        meetings = new DynamoMeetingStore(db, table);
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        // 90 days of history: four past bookings a day, as earlier syncs left them.
        for (int day = 1; day <= 90; day++) {
            for (int h = 0; h < 4; h++) {
                Instant s = clock.instant().minus(Duration.ofDays(day)).plus(Duration.ofHours(2 * h));
                events.put(ROOM, toEvent(s, "past-" + day + "-" + h));
            }
        }
        feed.serve(aggregatedFeed(5));
        RoomSyncService sync = service();
        sync.sync(ROOM);
        clock.advance(Duration.ofMinutes(5));
        read.items.set(0);
        counter.reset();
        assertEquals(SyncStatus.UNCHANGED, sync.sync(ROOM).status());
        assertTrue(read.items.get() <= 25, "items read by an unchanged re-sync: " + read.items.get()
                + " (the history holds 360)");
        assertEquals(0L, counter.byOperation().getOrDefault("Scan", 0L));
    }

    private static CalendarEvent toEvent(Instant start, String uid) {
        return RoomSyncService.toEvent(new dev.calroom.domain.Occurrence(uid, null,
                new dev.calroom.domain.EventTime.Zoned(start, java.time.ZoneOffset.UTC),
                new dev.calroom.domain.EventTime.Zoned(start.plus(Duration.ofHours(1)), java.time.ZoneOffset.UTC),
                dev.calroom.domain.EventStatus.CONFIRMED, "Past " + uid, ROOM_URL, null, List.of(ROOM_URL), List.of(),
                null, 0, null));
    }

    @Test
    void aMinutelyFeed_isCappedPerRoom_andTheCapIsReported() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        // A few hundred bytes that expand to 2,880 occurrences over the 48 h horizon.
        String flood = calendar(utcEvent("flood@x", clock.instant(), Duration.ofMinutes(1), ROOM_URL)
                .replace("END:VEVENT", "RRULE:FREQ=MINUTELY\r\nEND:VEVENT"));
        assertTrue(flood.length() < 400, "feed of " + flood.length() + " bytes");
        feed.serve(flood);
        counter.reset();
        RoomSyncService limited = service(SyncSettings.defaults(BASE));
        SyncReport r = limited.sync(ROOM);
        assertEquals(SyncStatus.SYNCED, r.status());
        assertEquals(dev.calroom.sync.SyncSettings.DEFAULT_MAX_OCCURRENCES_PER_SYNC, r.counts().matched());
        assertTrue(r.counts().occurrencesLeftOut() > 0);
        assertEquals(dev.calroom.sync.SyncSettings.DEFAULT_MAX_MEETINGS_PER_WINDOW, allMeetings().size());
        assertTrue(r.counts().meetingsLeftOut() > 0);
        assertTrue(counter.writes() <= dev.calroom.sync.SyncSettings.DEFAULT_MAX_OCCURRENCES_PER_SYNC
                + dev.calroom.sync.SyncSettings.DEFAULT_MAX_MEETINGS_PER_WINDOW + 2, "writes " + counter.writes());
        Room room = rooms.get(ROOM).orElseThrow();
        assertTrue(room.sync().counts().limited(), "the room's sync state says so");
        // The next run leaves out the same: nothing past the cap is deleted or created later.
        clock.advance(Duration.ofMinutes(5));
        feed.serve(flood.replace("Booking", "Booking "));
        SyncReport again = limited.sync(ROOM);
        assertEquals(0, again.counts().deleted());
        assertTrue(allMeetings().stream().filter(m -> m.status() != MeetingStatus.CANCELLED).count()
                <= dev.calroom.sync.SyncSettings.DEFAULT_MAX_MEETINGS_PER_WINDOW + 5);
    }

    @Test
    void sync_keepsEverything_whenTheFeedFails() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        feed.serve(aggregatedFeed(5));
        RoomSyncService sync = service();
        assertEquals(SyncStatus.SYNCED, sync.sync(ROOM).status());
        List<CalendarEvent> eventsBefore = sorted(events.list(ROOM));
        List<Meeting> meetingsBefore = allMeetings();
        assertEquals(5, meetingsBefore.size());

        record Failure(String name, Runnable setUp) {
        }
        List<Failure> failures = List.of(
                new Failure("500", () -> feed.mode(FeedServer.Mode.ERROR_500)),
                new Failure("timeout", () -> feed.mode(FeedServer.Mode.STALL)),
                new Failure("truncated", () -> {
                    feed.serve(aggregatedFeed(5) + "X".repeat(100));
                    feed.mode(FeedServer.Mode.TRUNCATED);
                }),
                new Failure("garbage", () -> feed.serve("<html><body>Service unavailable</body></html>")),
                new Failure("empty body", () -> feed.serve("")),
                new Failure("calendar without events", () -> feed.serve(calendar())),
                new Failure("redirect loop", () -> feed.mode(FeedServer.Mode.REDIRECT_LOOP)),
                new Failure("trickled headers", () -> feed.mode(FeedServer.Mode.TRICKLED_HEADERS)),
                new Failure("negative Content-Length", () -> feed.mode(FeedServer.Mode.NEGATIVE_LENGTH)),
                new Failure("negative chunk size", () -> feed.mode(FeedServer.Mode.NEGATIVE_CHUNK)),
                new Failure("malformed redirect", () -> feed.mode(FeedServer.Mode.BAD_LOCATION)),
                new Failure("gzip bomb", () -> feed.mode(FeedServer.Mode.GZIP_BOMB)));
        for (Failure f : failures) {
            f.setUp().run();
            clock.advance(Duration.ofMinutes(5));
            SyncReport report = sync.sync(ROOM);
            assertEquals(SyncStatus.ERROR, report.status(), f.name());
            assertNotNull(report.error(), f.name());
            assertFalse(report.error().contains("secret-token-123"), "no feed URL in errors: " + report.error());
            assertFalse(report.error().matches(".*(Exception|java\\.).*"), "words, no Java names: " + report.error());
            assertEquals(eventsBefore, sorted(events.list(ROOM)), "events kept on " + f.name());
            assertEquals(meetingsBefore, allMeetings(), "meetings kept on " + f.name());
            Room room = rooms.get(ROOM).orElseThrow();
            assertEquals(SyncStatus.ERROR, room.sync().status());
            assertEquals(report.error(), room.sync().error());
        }
    }

    @Test
    void resync_ofAnUnchangedFeed_makesNoEventOrMeetingWrites_andSkipsTheDownload() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        feed.serve(aggregatedFeed(20));
        RoomSyncService sync = service();
        assertEquals(SyncStatus.SYNCED, sync.sync(ROOM).status());
        counter.reset();
        clock.advance(Duration.ofMinutes(5));
        SyncReport again = sync.sync(ROOM);
        assertEquals(SyncStatus.UNCHANGED, again.status());
        // Only the room's own bookkeeping: the lease claim and the recorded result.
        assertEquals(2, counter.writes(), counter.byOperation().toString());
        assertEquals(2L, counter.byOperation().get("UpdateItem"));
        assertNull(counter.byOperation().get("PutItem"));
        assertEquals(1, feed.downloads(), "second fetch answered 304 Not Modified");
        assertTrue(feed.requestHeads().get(1).contains("If-None-Match"));
        assertTrue(feed.requestHeads().get(0).contains("User-Agent: Mozilla/5.0"));
    }

    @Test
    void unchangedFeed_stillCreatesMeetings_asTheWindowMoves() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        Instant tomorrow = clock.instant().plus(Duration.ofHours(30));
        feed.serve(calendar(utcEvent("weekly@x", clock.instant().plus(Duration.ofHours(2)), Duration.ofHours(1),
                ROOM_URL).replace("END:VEVENT", "RRULE:FREQ=DAILY\r\nEND:VEVENT")));
        RoomSyncService sync = service();
        sync.sync(ROOM);
        assertEquals(1, scheduled().size());
        clock.advance(Duration.ofHours(24));
        SyncReport r = sync.sync(ROOM);
        assertEquals(SyncStatus.UNCHANGED, r.status());
        assertEquals(1, feed.downloads());
        assertEquals(2, allMeetings().size());
        assertTrue(allMeetings().stream().anyMatch(m -> m.startsAt().equals(tomorrow.minus(Duration.ofHours(4)))));
    }

    @Test
    void removedEvent_isSoftDeleted_andItsMeetingCancelled_andBothComeBack() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        Instant start = clock.instant().plus(Duration.ofHours(3));
        Instant past = clock.instant().minus(Duration.ofMinutes(30));
        String keep = utcEvent("ongoing@x", past, Duration.ofHours(2), ROOM_URL);
        String goes = utcEvent("later@x", start, Duration.ofHours(1), ROOM_URL);
        feed.serve(calendar(keep, goes));
        RoomSyncService sync = service();
        sync.sync(ROOM);
        assertEquals(2, scheduled().size());

        feed.serve(calendar(utcEvent("other@x", start.plus(Duration.ofHours(5)), Duration.ofHours(1),
                "elsewhere")));
        clock.advance(Duration.ofMinutes(1));
        SyncReport r = sync.sync(ROOM);
        assertEquals(1, r.counts().deleted(), "only the future event is deleted; the ongoing one is kept");
        assertEquals(1, r.counts().meetingsCancelled());
        CalendarEvent later = byUid("later@x");
        assertTrue(later.deleted());
        assertFalse(byUid("ongoing@x").deleted());
        assertEquals(MeetingStatus.SCHEDULED, meetingAt(past).status(), "a started meeting is never cancelled");
        assertEquals(MeetingStatus.CANCELLED, meetingAt(start).status());

        feed.serve(calendar(keep, goes));
        clock.advance(Duration.ofMinutes(1));
        r = sync.sync(ROOM);
        assertFalse(byUid("later@x").deleted(), "restored");
        assertEquals(MeetingStatus.SCHEDULED, meetingAt(start).status(), "rescheduled");
    }

    @Test
    void movedEvent_cancelsItsOldSlot_andRemovingOneCopyKeepsTheMeeting() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        Instant start = clock.instant().plus(Duration.ofHours(3));
        feed.serve(calendar(utcEvent("a@Cal.com", start, Duration.ofHours(1), ROOM_URL),
                berlinEvent("a@google.com", start, Duration.ofHours(1), ROOM_URL)));
        RoomSyncService sync = service();
        sync.sync(ROOM);
        assertEquals(1, scheduled().size());
        assertEquals(2, scheduled().get(0).sources().size());

        feed.serve(calendar(utcEvent("a@Cal.com", start, Duration.ofHours(1), ROOM_URL)));
        clock.advance(Duration.ofMinutes(1));
        sync.sync(ROOM);
        assertEquals(1, scheduled().size(), "one copy left: the meeting stays");
        assertEquals(1, scheduled().get(0).sources().size());

        Instant moved = start.plus(Duration.ofHours(2));
        feed.serve(calendar(utcEvent("a@Cal.com", moved, Duration.ofHours(1), ROOM_URL)));
        clock.advance(Duration.ofMinutes(1));
        SyncReport r = sync.sync(ROOM);
        assertEquals(1, r.counts().meetingsCancelled());
        assertEquals(MeetingStatus.CANCELLED, meetingAt(start).status());
        assertEquals(MeetingStatus.SCHEDULED, meetingAt(moved).status());
    }

    @Test
    void cancelledInstance_cancelsItsMeeting_andAllDayOrUnmatchedEventsNeverBecomeMeetings() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        Instant start = clock.instant().plus(Duration.ofHours(3));
        String allDay = "BEGIN:VEVENT\r\nUID:holiday@x\r\nDTSTART;VALUE=DATE:20261123\r\nLOCATION:" + ROOM_URL
                + "\r\nEND:VEVENT\r\n";
        String other = utcEvent("standup@x", start, Duration.ofHours(1), ROOM_URL + "-standup");
        String real = utcEvent("real@x", start.plus(Duration.ofHours(1)), Duration.ofHours(1), ROOM_URL);
        feed.serve(calendar(allDay, other, real));
        RoomSyncService sync = service();
        SyncReport r = sync.sync(ROOM);
        assertEquals(2, r.counts().matched());
        assertEquals(1, scheduled().size());

        feed.serve(calendar(allDay, other, real.replace("END:VEVENT", "STATUS:CANCELLED\r\nEND:VEVENT")));
        clock.advance(Duration.ofMinutes(1));
        sync.sync(ROOM);
        assertEquals(0, scheduled().size());
    }

    @Test
    void roomKeyedByEvent_keepsTwoBookingsAtTheSameTime_andMatchAllTakesEveryEvent() throws Exception {
        createRoom(MatchMode.ALL, MeetingKeyMode.EVENT);
        Instant start = clock.instant().plus(Duration.ofHours(3));
        feed.serve(calendar(utcEvent("a@x", start, Duration.ofHours(1), "Room 1"),
                utcEvent("b@x", start, Duration.ofHours(1), "Room 1")));
        service().sync(ROOM);
        assertEquals(2, scheduled().size());
    }

    @Test
    void syncState_isRecorded_withoutTheFeedUrl() throws Exception {
        createRoom(MatchMode.ROOM_URL, MeetingKeyMode.SLOT);
        feed.serve(aggregatedFeed(3));
        service().sync(ROOM);
        Room room = rooms.get(ROOM).orElseThrow();
        SyncState s = room.sync();
        assertEquals(SyncStatus.SYNCED, s.status());
        assertEquals(clock.instant(), s.lastAttemptAt());
        assertEquals(clock.instant(), s.lastSuccessAt());
        assertEquals(6, s.counts().inFeed());
        assertEquals(6, s.counts().matched());
        assertEquals(3, s.counts().meetingsCreated());
        assertNotNull(s.etag());
        assertNotNull(s.contentHash());
        assertEquals(clock.instant().plus(Duration.ofMinutes(5)), s.nextSyncAt());
    }

    private CalendarEvent byUid(String uid) {
        return events.list(ROOM).stream().filter(e -> e.uid().equals(uid)).findFirst().orElseThrow();
    }

    private Meeting meetingAt(Instant start) {
        return allMeetings().stream().filter(m -> m.startsAt().equals(start)).findFirst().orElseThrow();
    }

    private static List<CalendarEvent> sorted(List<CalendarEvent> es) {
        return es.stream().sorted(Comparator.comparing(CalendarEvent::key)).toList();
    }
}
