package dev.calroom.sync;

import dev.calroom.domain.Attendee;
import dev.calroom.domain.CalendarEvent;
import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MatchMode;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.domain.Occurrence;
import dev.calroom.domain.Room;
import dev.calroom.domain.RoomUrlMatcher;
import dev.calroom.domain.SyncBackoff;
import dev.calroom.domain.SyncCounts;
import dev.calroom.domain.SyncState;
import dev.calroom.domain.SyncStatus;
import dev.calroom.ics.FeedParseException;
import dev.calroom.ics.FeedReadResult;
import dev.calroom.ics.FeedReader;
import dev.calroom.support.Hashes;
import dev.calroom.support.Log;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Brings one room's stored events and meetings in step with its calendar feed.
 *
 * <ol>
 *   <li>Claims the room's lease (a conditional write), so overlapping runs never sync one room at once.</li>
 *   <li>Fetches the feed, conditionally while the stored events still cover the window. A failed fetch, an error
 *       status, a truncated or unparseable body, or an empty feed where there were events changes nothing stored;
 *       the error is recorded on the room.</li>
 *   <li>Upserts the occurrences that belong to the room, writing only what changed; soft-deletes future
 *       occurrences that left the feed and restores those that come back. Past and ongoing ones are kept.</li>
 *   <li>Reconciles meetings over the window: one per slot (or per occurrence for rooms keyed by event), created
 *       with a conditional write so no slot gets two; a meeting that loses every source before it starts is
 *       cancelled; a started meeting is never cancelled.</li>
 * </ol>
 * An unchanged feed (304 or same hash) is not parsed again, but the window is still re-evaluated from the stored
 * events, so meetings appear as their time comes.
 */
public final class RoomSyncService {

    private final RoomStore rooms;
    private final EventStore events;
    private final MeetingStore meetings;
    private final FeedSource source;
    private final FeedReader reader;
    private final SyncSettings settings;
    private final Clock clock;

    public RoomSyncService(RoomStore rooms, EventStore events, MeetingStore meetings, FeedSource source,
                           FeedReader reader, SyncSettings settings, Clock clock) {
        this.rooms = rooms;
        this.events = events;
        this.meetings = meetings;
        this.source = source;
        this.reader = reader;
        this.settings = settings;
        this.clock = clock;
    }

    public SyncReport sync(String roomName) {
        return sync(roomName, null);
    }

    /**
     * Syncs a room a dispatcher queued, only while its next sync time is still {@code dispatchedFor} (null: any
     * time, as a scheduled or manual sync does). Exceptions thrown here mean nothing was claimed: the caller may try
     * again. Failures after the claim are recorded on the room with their backoff, and reported.
     */
    public SyncReport sync(String roomName, Instant dispatchedFor) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Optional<Room> found = rooms.get(roomName);
        if (found.isEmpty()) {
            return new SyncReport(roomName, SyncStatus.ERROR, SyncCounts.NONE, "room not found");
        }
        Room room = found.get();
        IcsConfig ics = room.ics();
        if (ics == null || ics.url() == null || ics.url().isBlank()) {
            return new SyncReport(roomName, SyncStatus.ERROR, SyncCounts.NONE, "the room has no calendar feed");
        }
        String owner = UUID.randomUUID().toString();
        Instant next = now.plus(Duration.ofMinutes(ics.fetchIntervalMinutes()));
        boolean claimed = dispatchedFor == null
                ? rooms.claimLease(roomName, owner, now, now.plus(settings.lease()), next)
                : rooms.claimLease(roomName, owner, now, now.plus(settings.lease()), next, dispatchedFor);
        if (!claimed) {
            return new SyncReport(roomName, SyncStatus.SKIPPED, SyncCounts.NONE, null);
        }
        Run run = new Run(room, owner, now, next, started);
        try {
            return run.execute();
        } catch (RoomLeaseLostException e) {
            // Deleted (or taken over) mid-sync: the guarded writes refused everything from then on.
            Log.warn("room sync stopped", "room", roomName, "reason", e.getMessage());
            return new SyncReport(roomName, SyncStatus.ERROR, SyncCounts.NONE, e.getMessage());
        } catch (RuntimeException e) {
            Log.error("room sync failed", e, "room", roomName);
            try {
                return run.finishWithError("the sync failed unexpectedly; it is tried again at the next interval",
                        null);
            } catch (RuntimeException again) {
                return new SyncReport(roomName, SyncStatus.ERROR, SyncCounts.NONE, "the sync failed unexpectedly");
            }
        }
    }

    private final class Run {
        final Room room;
        final String owner;
        final Instant now;
        final Instant next;
        final long started;
        final SyncState prev;
        final Instant windowFrom;
        final Instant windowTo;
        final Instant horizonTo;
        int matched;
        int created;
        int updated;
        int deleted;
        int meetingsCreated;
        int meetingsCancelled;
        int occurrencesLeftOut;
        int meetingsLeftOut;

        Run(Room room, String owner, Instant now, Instant next, long started) {
            this.room = room;
            this.owner = owner;
            this.now = now;
            this.next = next;
            this.started = started;
            this.prev = room.sync() != null ? room.sync() : SyncState.never(now);
            this.windowFrom = now.minus(settings.behind());
            this.windowTo = now.plus(settings.ahead());
            this.horizonTo = windowTo.plus(settings.lookahead());
        }

        SyncReport execute() {
            boolean covered = prev.coveredUntil() != null && !prev.coveredUntil().isBefore(windowTo)
                    && prev.contentHash() != null;
            FetchResult fetched;
            try {
                fetched = source.fetch(room.ics().url(), covered ? prev.etag() : null,
                        covered ? prev.lastModified() : null);
            } catch (FetchException e) {
                return finishWithError(e.getMessage(), e.retryAt());
            }
            if (fetched instanceof FetchResult.NotModified && !covered) {
                return finishWithError("the server answered 304 Not Modified to an unconditional request", null);
            }
            Map<String, CalendarEvent> stored = new HashMap<>();
            for (CalendarEvent e : events.listEndingAfter(room.name(), windowFrom)) {
                stored.put(e.key(), e);
            }
            String etag = prev.etag();
            String lastModified = prev.lastModified();
            String hash = prev.contentHash();
            Instant coveredUntil = prev.coveredUntil();
            int inFeed = prev.counts() == null ? 0 : prev.counts().inFeed();
            boolean hadEvents = prev.hadEvents();
            boolean unchanged = true;
            if (fetched instanceof FetchResult.Body body) {
                hash = Hashes.sha256(body.bytes());
                etag = body.etag();
                lastModified = body.lastModified();
                if (!covered || !hash.equals(prev.contentHash())) {
                    unchanged = false;
                    FeedReadResult read;
                    try {
                        read = reader.read(body.bytes(), windowFrom, horizonTo,
                                zone());
                    } catch (FeedParseException e) {
                        return finishWithError("the feed cannot be parsed: " + e.getMessage(), null);
                    }
                    if (read.eventsInFeed() == 0 && (prev.hadEvents() || !stored.isEmpty())) {
                        return finishWithError("the feed holds no events although it had some before; "
                                + "nothing was changed (an export or server problem is likely)", null);
                    }
                    applyOccurrences(read.occurrences(), stored);
                    coveredUntil = horizonTo;
                    inFeed = read.eventsInFeed();
                    hadEvents = inFeed > 0;
                    if (!read.problems().isEmpty()) {
                        Log.warn("feed problems skipped", "room", room.name(), "problems", read.problems().size(),
                                "first", read.problems().get(0).toString());
                    }
                }
            }
            reconcileMeetings(stored);
            SyncStatus status = unchanged ? SyncStatus.UNCHANGED : SyncStatus.SYNCED;
            SyncCounts counts = counts(inFeed);
            rooms.finishSync(room.name(), owner, new SyncState(status, null, now, now, etag, lastModified, hash,
                    coveredUntil, hadEvents, counts, null, 0, elapsedMillis()));
            if (counts.limited()) {
                Log.warn("room limits reached", "room", room.name(), "occurrencesLeftOut", occurrencesLeftOut,
                        "meetingsLeftOut", meetingsLeftOut);
            }
            Log.info("room synced", "room", room.name(), "status", status.wire(), "matched", matched,
                    "created", created, "updated", updated, "deleted", deleted, "meetingsCreated", meetingsCreated,
                    "meetingsCancelled", meetingsCancelled);
            return new SyncReport(room.name(), status, counts, null);
        }

        /** @param retryAt when the feed host asked to be tried again (null: it did not) */
        SyncReport finishWithError(String error, Instant retryAt) {
            SyncCounts counts = counts(prev.counts() == null ? 0 : prev.counts().inFeed());
            int failures = prev.consecutiveFailures() + 1;
            Instant backoff = SyncBackoff.next(now, Duration.ofMinutes(room.ics().fetchIntervalMinutes()), failures,
                    retryAt);
            rooms.finishSync(room.name(), owner, new SyncState(SyncStatus.ERROR, error, now, prev.lastSuccessAt(),
                    prev.etag(), prev.lastModified(), prev.contentHash(), prev.coveredUntil(), prev.hadEvents(),
                    counts, backoff.equals(next) ? null : backoff, failures, elapsedMillis()));
            Log.warn("room sync failed; nothing stored was changed", "room", room.name(), "error", error,
                    "consecutiveFailures", failures, "nextSyncAt", backoff.toString());
            return new SyncReport(room.name(), SyncStatus.ERROR, counts, error);
        }

        private long elapsedMillis() {
            return (System.nanoTime() - started) / 1_000_000;
        }

        private SyncCounts counts(int inFeed) {
            return new SyncCounts(inFeed, matched, created, updated, deleted, meetingsCreated, meetingsCancelled,
                    occurrencesLeftOut, meetingsLeftOut);
        }

        private ZoneId zone() {
            String tz = room.ics().timezone();
            if (tz == null || tz.isBlank()) {
                return null;
            }
            try {
                return ZoneId.of(tz);
            } catch (DateTimeException e) {
                return null;
            }
        }

        private void applyOccurrences(List<Occurrence> occurrences, Map<String, CalendarEvent> stored) {
            RoomUrlMatcher matcher = room.ics().match() == MatchMode.ROOM_URL
                    ? new RoomUrlMatcher(room.publicUrl(settings.publicBaseUrl())) : null;
            Set<String> seen = new HashSet<>();
            List<CalendarEvent> puts = new ArrayList<>();
            List<CalendarEvent> removes = new ArrayList<>();
            for (Occurrence o : occurrences) {
                if (matcher != null && !matcher.matchesAny(o.matchText())) {
                    continue;
                }
                CalendarEvent event = toEvent(o);
                if (!seen.add(event.key())) {
                    continue;
                }
                if (matched >= settings.maxOccurrencesPerSync()) {
                    // Past the room's limit: not stored, and not taken for gone either (it is still in the feed).
                    occurrencesLeftOut++;
                    continue;
                }
                matched++;
                CalendarEvent old = stored.get(event.key());
                if (old == null) {
                    puts.add(event);
                    created++;
                } else if (old.deleted() || !old.contentHash().equals(event.contentHash())) {
                    puts.add(event);
                    if (!old.endsAt().equals(event.endsAt())) {
                        removes.add(old); // stored by its end: the moved one has a new key
                    }
                    updated++;
                } else {
                    continue;
                }
                stored.put(event.key(), event);
            }
            for (CalendarEvent old : List.copyOf(stored.values())) {
                if (!seen.contains(old.key()) && !old.deleted() && old.startsAt().isAfter(now)
                        && old.startsAt().isBefore(horizonTo)) {
                    CalendarEvent gone = old.asDeleted(now);
                    puts.add(gone);
                    stored.put(gone.key(), gone);
                    deleted++;
                }
            }
            // In transactions with a check that the room still carries this sync's lease.
            events.write(room.name(), owner, puts, removes);
        }

        private void reconcileMeetings(Map<String, CalendarEvent> stored) {
            Map<String, Desired> desired = new TreeMap<>();
            for (CalendarEvent e : stored.values()) {
                if (!e.active() || !e.overlaps(windowFrom, windowTo)) {
                    continue;
                }
                MeetingSlot slot = new MeetingSlot(e.startsAt(), e.endsAt());
                String id = slot.id(room.ics().meetingKey(), e.key());
                desired.computeIfAbsent(id, k -> new Desired(slot)).add(e);
            }
            Map<String, Meeting> existing = new HashMap<>();
            for (Meeting m : meetings.listStartingBetween(room.name(), windowFrom.minus(settings.ahead()),
                    windowTo.plusSeconds(1))) {
                existing.put(m.id(), m);
            }
            int inWindow = 0;
            for (Meeting m : existing.values()) {
                if (Meeting.SOURCE_CALENDAR.equals(m.source()) && m.status() != MeetingStatus.CANCELLED
                        && m.startsAt().isBefore(windowTo) && m.endsAt().isAfter(windowFrom)) {
                    inWindow++;
                }
            }
            for (Map.Entry<String, Desired> entry : desired.entrySet()) {
                String id = entry.getKey();
                Desired d = entry.getValue();
                Meeting m = existing.get(id);
                if (m == null) {
                    // A started meeting of the same booking whose end moved keeps its identity: no twin.
                    m = startedTwin(d, existing.values());
                }
                boolean counted = m != null && m.status() != MeetingStatus.CANCELLED;
                if (!counted && inWindow >= settings.maxMeetingsPerWindow()) {
                    // The room's limit of meetings in the window: the earliest bookings got theirs (ids sort by start).
                    meetingsLeftOut++;
                    continue;
                }
                if (!counted) {
                    inWindow++;
                }
                if (m == null) {
                    if (meetings.create(d.toMeeting(id, room.name()), owner)) {
                        meetingsCreated++;
                        continue;
                    }
                    m = meetings.get(room.name(), id).orElse(null); // created meanwhile by another run
                }
                for (int attempt = 0; m != null && attempt < 3; attempt++) {
                    boolean reinstate = m.status() == MeetingStatus.CANCELLED && m.startsAt().isAfter(now);
                    if (m.status() == MeetingStatus.CANCELLED && !reinstate || m.status() == MeetingStatus.ENDED) {
                        break;
                    }
                    BookingDetails want = d.details(m);
                    if (!reinstate && d.matches(m, want)) {
                        break;
                    }
                    if (meetings.updateFromBookings(room.name(), m.id(), want, m.version(), reinstate, now, owner)) {
                        if (reinstate) {
                            meetingsCreated++;
                        }
                        break;
                    }
                    m = meetings.get(room.name(), m.id()).orElse(null);
                }
            }
            for (Meeting m : existing.values()) {
                if (desired.containsKey(m.id()) || !Meeting.SOURCE_CALENDAR.equals(m.source())
                        || m.status() != MeetingStatus.SCHEDULED || !m.startsAt().isAfter(now)
                        || !m.startsAt().isBefore(windowTo)) {
                    continue;
                }
                if (meetings.cancel(room.name(), m.id(), m.version(), now, owner)) {
                    meetingsCancelled++;
                }
            }
        }
    }

    /**
     * A started calendar meeting holding one of the slot's bookings at the same start (its id names the slot it
     * began with; the booking's end has moved since): that meeting is the booking's, whatever its end.
     */
    private static Meeting startedTwin(Desired d, java.util.Collection<Meeting> existing) {
        for (Meeting m : existing) {
            if (m.isCalendar() && m.status() == MeetingStatus.ACTIVE && m.startsAt().equals(d.slot.startsAt())
                    && m.sources().stream().anyMatch(d.sources::contains)) {
                return m;
            }
        }
        return null;
    }

    /** The meeting a slot should have: its sources, and the event that names it. */
    private static final class Desired {
        final MeetingSlot slot;
        final Set<String> sources = new TreeSet<>();
        final List<CalendarEvent> events = new ArrayList<>(2);

        Desired(MeetingSlot slot) {
            this.slot = slot;
        }

        void add(CalendarEvent e) {
            sources.add(e.key());
            events.add(e);
        }

        /**
         * The booking the meeting's details come from: the one it has now while that booking still holds the meeting
         * (so an event added at the same slot cannot retitle it), else the first by key.
         */
        CalendarEvent detailsFrom(String current) {
            if (current != null) {
                for (CalendarEvent e : events) {
                    if (e.key().equals(current)) {
                        return e;
                    }
                }
            }
            return events.stream().min((a, b) -> a.key().compareTo(b.key())).orElseThrow();
        }

        /** Every booking's attendees, once each (by email, case-insensitively), sorted by email. */
        List<Attendee> attendees(CalendarEvent first) {
            Map<String, Attendee> byEmail = new TreeMap<>();
            List<CalendarEvent> ordered = new ArrayList<>(events);
            ordered.remove(first);
            ordered.addFirst(first);
            for (CalendarEvent e : ordered) {
                if (e.attendees() == null) {
                    continue;
                }
                for (Attendee a : e.attendees()) {
                    if (a.email() != null && !a.email().isBlank()) {
                        byEmail.putIfAbsent(a.email().toLowerCase(java.util.Locale.ROOT), a);
                    }
                }
            }
            return List.copyOf(byEmail.values());
        }

        BookingDetails details(Meeting m) {
            CalendarEvent from = detailsFrom(m.detailsSource());
            return new BookingDetails(Set.copyOf(sources), from.key(), from.summary(), from.description(),
                    from.location(), attendees(from), m.endsAt().equals(slot.endsAt()) ? null : slot.endsAt());
        }

        boolean matches(Meeting m, BookingDetails want) {
            return m.sources().equals(want.sources()) && java.util.Objects.equals(m.detailsSource(),
                    want.detailsSource()) && java.util.Objects.equals(m.title(), want.title())
                    && java.util.Objects.equals(m.description(), want.description())
                    && java.util.Objects.equals(m.location(), want.location())
                    && m.attendees().equals(want.attendees()) && want.endsAt() == null;
        }

        Meeting toMeeting(String id, String roomName) {
            CalendarEvent first = detailsFrom(null);
            return Meeting.calendar(id, roomName, first.summary(), slot.startsAt(), slot.endsAt(),
                    Set.copyOf(sources), first.description(), first.location(), attendees(first), first.key());
        }
    }

    static CalendarEvent toEvent(Occurrence o) {
        StringBuilder h = new StringBuilder(256);
        h.append(o.uid()).append('\u001f').append(o.recurrenceId()).append('\u001f').append(o.start().instant())
                .append('\u001f').append(o.end().instant()).append('\u001f').append(o.allDay()).append('\u001f')
                .append(o.status()).append('\u001f').append(o.summary()).append('\u001f').append(o.description())
                .append('\u001f').append(o.location()).append('\u001f').append(o.sequence()).append('\u001f')
                .append(o.lastModified());
        for (Attendee a : o.attendees()) {
            h.append('\u001f').append(a.email()).append('|').append(a.name()).append('|').append(a.status());
        }
        return new CalendarEvent(o.uid(), o.recurrenceId(), o.start().instant(), o.end().instant(), o.allDay(),
                o.status(), o.summary(), o.description(), o.location(), o.attendees(), o.sequence(),
                o.lastModified(), Hashes.sha256(h.toString()), false, null);
    }
}
