package dev.calroom.rooms;

import dev.calroom.auth.Caller;
import dev.calroom.domain.CalendarEvent;
import dev.calroom.domain.MatchMode;
import dev.calroom.domain.Occurrence;
import dev.calroom.domain.Refusal;
import dev.calroom.domain.RefusedException;
import dev.calroom.domain.Room;
import dev.calroom.domain.RoomUrlMatcher;
import dev.calroom.domain.SyncStatus;
import dev.calroom.ics.FeedParseException;
import dev.calroom.ics.FeedReadResult;
import dev.calroom.ics.FeedReader;
import dev.calroom.sync.EventStore;
import dev.calroom.sync.FeedSource;
import dev.calroom.sync.FetchException;
import dev.calroom.sync.FetchResult;
import dev.calroom.sync.RoomStore;
import dev.calroom.sync.RoomSyncService;
import dev.calroom.sync.SyncReport;
import dev.calroom.sync.SyncSettings;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The owner's feed controls: sync now, sync status, and a dry-run read of a feed. */
public final class FeedService {

    /** Manual syncs of one room are at most this frequent. */
    public static final Duration MANUAL_SYNC_INTERVAL = Duration.ofSeconds(30);
    private static final int SAMPLES = 5;

    private final RoomService roomService;
    private final RoomStore rooms;
    private final EventStore events;
    private final RoomSyncService sync;
    private final FeedSource source;
    private final FeedReader reader;
    private final SyncSettings settings;
    private final IcsUrlPolicy urls;
    private final Clock clock;

    public FeedService(RoomService roomService, RoomStore rooms, EventStore events, RoomSyncService sync,
                       FeedSource source, FeedReader reader, SyncSettings settings, IcsUrlPolicy urls, Clock clock) {
        this.roomService = roomService;
        this.rooms = rooms;
        this.events = events;
        this.sync = sync;
        this.source = source;
        this.reader = reader;
        this.settings = settings;
        this.urls = urls;
        this.clock = clock;
    }

    /** Syncs the room's feed now, whatever its fetch interval; at most once per room every 30 s. */
    public SyncReport syncNow(String roomName, Caller caller) {
        Room room = roomService.owned(roomName, caller);
        if (room.ics() == null) {
            throw RefusedException.invalid("ics", "the room has no calendar feed");
        }
        Instant now = clock.instant();
        Optional<Instant> last = rooms.claimManualSync(roomName, now, MANUAL_SYNC_INTERVAL);
        if (last.isPresent()) {
            Duration wait = Duration.between(now, last.get().plus(MANUAL_SYNC_INTERVAL));
            throw new RefusedException(Refusal.RATE_LIMITED, "room '" + roomName
                    + "' was synced moments ago; manual syncs are limited to one per 30 seconds",
                    Map.of(), wait.isNegative() ? Duration.ofSeconds(1) : wait);
        }
        SyncReport report = sync.sync(roomName);
        if (report.status() == SyncStatus.SKIPPED) {
            throw new RefusedException(Refusal.SYNC_IN_PROGRESS, "a sync of room '" + roomName
                    + "' is running; its result will show in the sync status", Map.of(), Duration.ofSeconds(5));
        }
        return report;
    }

    public FeedStatus status(String roomName, Caller caller) {
        Room room = roomService.owned(roomName, caller);
        Instant now = clock.instant();
        int upcoming = 0;
        for (CalendarEvent e : events.listEndingAfter(roomName, now)) {
            if (!e.deleted() && e.endsAt().isAfter(now)) {
                upcoming++;
            }
        }
        return new FeedStatus(room, upcoming);
    }

    /** Fetches and reads a feed (the given URL, or the room's) without storing anything. */
    public FeedTestResult test(String roomName, Caller caller, String url) {
        Room room = roomService.owned(roomName, caller);
        String feedUrl = url != null ? urls.check("url", url) : room.ics() != null ? room.ics().url() : null;
        if (feedUrl == null) {
            throw RefusedException.invalid("url", "is required: the room has no calendar feed");
        }
        Instant now = clock.instant();
        FetchResult fetched;
        try {
            fetched = source.fetch(feedUrl, null, null);
        } catch (FetchException e) {
            return FeedTestResult.failed(e.getMessage());
        }
        if (!(fetched instanceof FetchResult.Body body)) {
            return FeedTestResult.failed("the feed server answered 304 Not Modified to an unconditional request");
        }
        FeedReadResult read;
        try {
            read = reader.read(body.bytes(), now.minus(settings.behind()),
                    now.plus(settings.ahead()), zone(room));
        } catch (FeedParseException e) {
            return FeedTestResult.failed(e.getMessage());
        }
        MatchMode mode = room.ics() != null ? room.ics().match() : MatchMode.ROOM_URL;
        RoomUrlMatcher matcher = mode == MatchMode.ROOM_URL
                ? new RoomUrlMatcher(room.publicUrl(settings.publicBaseUrl())) : null;
        List<Occurrence> matching = read.occurrences().stream()
                .filter(o -> !o.cancelled())
                .filter(o -> matcher == null || matcher.matchesAny(o.matchText()))
                .sorted(Comparator.comparing(o -> o.start().instant()))
                .toList();
        List<FeedTestResult.Sample> samples = matching.stream().limit(SAMPLES)
                .map(o -> new FeedTestResult.Sample(o.summary(), o.start().instant(), o.end().instant()))
                .toList();
        return new FeedTestResult(true, null, read.eventsInFeed(), read.occurrences().size(), matching.size(),
                read.problems().size(), samples);
    }

    private static ZoneId zone(Room room) {
        String tz = room.ics() == null ? null : room.ics().timezone();
        if (tz == null) {
            return null;
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
