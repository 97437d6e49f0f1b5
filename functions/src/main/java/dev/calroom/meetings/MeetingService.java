package dev.calroom.meetings;

import dev.calroom.auth.Caller;
import dev.calroom.domain.Attendee;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingPolicy;
import dev.calroom.domain.MeetingSlot;
import dev.calroom.domain.MeetingStatus;
import dev.calroom.domain.Presence;
import dev.calroom.domain.Refusal;
import dev.calroom.domain.RefusedException;
import dev.calroom.domain.Room;
import dev.calroom.rooms.RoomService;
import dev.calroom.support.Hashes;
import dev.calroom.sync.AdhocCreation;
import dev.calroom.sync.MeetingStore;
import dev.calroom.sync.RoomStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Meetings as participants see them: lists, unscheduled meetings, and join, the gate that mints video tokens.
 *
 * <p>Video rooms are always private, so a token from join is the only way in. Who may join: anyone for an unlocked
 * room; for a locked room the owner and signed-in users whose email is among the meeting's attendees.
 */
public final class MeetingService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoomStore rooms;
    private final MeetingStore meetings;
    private final MeetingListStore listing;
    private final VideoProvider video;
    private final MeetingSettings settings;
    private final RateLimiter limiter;
    private final AnonymousWriteLimits anonymousLimits;
    private final MeetingPolicy policy;
    private final VideoRoomKeeper videoRooms;
    private final Clock clock;

    public MeetingService(RoomStore rooms, MeetingStore meetings, MeetingListStore listing, VideoProvider video,
                          MeetingSettings settings, RateLimiter limiter, AnonymousWriteLimits anonymousLimits,
                          Clock clock) {
        this.listing = listing;
        this.limiter = limiter;
        this.anonymousLimits = anonymousLimits;
        this.rooms = rooms;
        this.meetings = meetings;
        this.video = video;
        this.settings = settings;
        this.policy = settings.policy();
        this.videoRooms = new VideoRoomKeeper(meetings, video, settings.videoRoomPrefix());
        this.clock = clock;
    }

    /** Active meetings and those not yet over that start within the list horizon, by start. */
    public RoomMeetings list(String roomName) {
        Instant now = clock.instant();
        RoomMeetings read = listing.roomWithMeetingsStartingBetween(roomName, now.minus(settings.listLookback()),
                now.plus(settings.listAhead())).orElseThrow(() -> MeetingLookup.noRoom(roomName));
        List<Meeting> found = read.meetings().stream()
                .filter(m -> m.status() == MeetingStatus.ACTIVE
                        || (m.status() == MeetingStatus.SCHEDULED && m.endsAt().isAfter(now)))
                .toList();
        return new RoomMeetings(read.room(), found);
    }

    /** Scheduled meetings starting within the next {@code minutes}. */
    public RoomMeetings upcoming(String roomName, int minutes) {
        Room room = room(roomName);
        Instant now = clock.instant();
        List<Meeting> found = meetings.listStartingBetween(roomName, now, now.plusSeconds(60L * minutes)).stream()
                .filter(m -> m.status() == MeetingStatus.SCHEDULED)
                .toList();
        return new RoomMeetings(room, found);
    }

    /** The room and the meeting, read together; refused when either does not exist (the room first). */
    public RoomMeetings get(String roomName, String meetingId) {
        RoomMeetings read = listing.roomWithMeeting(roomName, meetingId)
                .orElseThrow(() -> MeetingLookup.noRoom(roomName));
        if (read.meetings().isEmpty()) {
            throw MeetingLookup.noMeeting(roomName, meetingId);
        }
        return read;
    }

    /**
     * Creates an unscheduled meeting starting now. With an idempotency key the same key returns the same meeting,
     * however many times (and however concurrently) it is sent.
     */
    public CreatedMeeting createAdhoc(String roomName, Caller caller, String title, String idempotencyKey,
                                      String clientAddress) {
        Room room = room(roomName);
        if (room.locked()) {
            RoomService.requireOwner(room, caller);
        }
        Instant now = clock.instant();
        if (caller == null) {
            limitAnonymous("adhoc-room#" + roomName, anonymousLimits.perRoom(), now,
                    "room '" + roomName + "' had too many meetings started by anonymous callers");
            limitAnonymous("adhoc-caller#" + (clientAddress == null ? "unknown" : clientAddress),
                    anonymousLimits.perCaller(), now, "too many meetings started from this address");
        }
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        String id = MeetingSlot.lowerBound(now) + "-a" + HexFormat.of().formatHex(r);
        Instant ends = now.plus(policy.adhocMax());
        Meeting m = new Meeting(id, roomName, title, now, ends, MeetingStatus.SCHEDULED, Meeting.SOURCE_ADHOC,
                Set.of(), 1, null, null, List.of(), Presence.EMPTY, null, ends, null,
                caller == null ? null : caller.sub(), null);
        String scope = idempotencyKey == null ? null
                : (caller == null ? "guest" : "user:" + caller.sub()) + "\u001f" + idempotencyKey;
        AdhocCreation created = meetings.createAdhoc(m, scope, Hashes.sha256("title\u001f" + (title == null ? ""
                : title)), now, now.plus(settings.idempotencyTtl()));
        if (created.reused()) {
            throw new RefusedException(Refusal.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used with another"
                    + " request body; use a new key for a new meeting", Map.of(), null);
        }
        return new CreatedMeeting(room, created.meeting(), created.replayed());
    }

    private void limitAnonymous(String key, int limit, Instant now, String what) {
        if (limit <= 0) {
            return;
        }
        Optional<Duration> wait = limiter.take(key, limit, anonymousLimits.window(), now);
        if (wait.isPresent()) {
            throw new RefusedException(Refusal.RATE_LIMITED, what + "; sign in, or try again in "
                    + wait.get().toSeconds() + " s", Map.of(), wait.get());
        }
    }

    /** The time by this service's clock (lists carry it, so pages count down by the server's time). */
    public Instant now() {
        return clock.instant();
    }

    /** Checks who may join, makes sure the video room exists, and mints a token for it. */
    public JoinResult join(String roomName, String meetingId, Caller caller, String displayName) {
        RoomMeetings read = get(roomName, meetingId);
        Room room = read.room();
        Meeting m = read.meetings().getFirst();
        requireMayJoin(room, m, caller);
        Instant now = clock.instant();
        if (policy.closedToJoin(m, now)) {
            throw MeetingLookup.over(m);
        }
        Instant joinableAt = policy.joinableAt(m);
        if (now.isBefore(joinableAt)) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("startsAt", m.startsAt());
            facts.put("joinableAt", joinableAt);
            facts.put("now", now);
            throw new RefusedException(Refusal.MEETING_NOT_STARTED, "the meeting can be joined from " + joinableAt,
                    facts, Duration.between(now, joinableAt));
        }
        m = ensureVideoRoom(room, m, now);
        Instant expires = policy.hardEnd(m);
        String token = video.createToken(new MeetingTokenRequest(m.videoRoom().name(),
                userName(caller, displayName), userId(caller), RoomService.isOwner(room, caller),
                joinableAt.isBefore(now) ? joinableAt : now, expires));
        return new JoinResult(room, m, m.videoRoom().url(), token, expires);
    }

    /** Who may join: everyone for an unlocked room; the owner and invited signed-in users for a locked one. */
    public static void requireMayJoin(Room room, Meeting m, Caller caller) {
        if (!room.locked() || RoomService.isOwner(room, caller)) {
            return;
        }
        if (caller == null) {
            throw new RefusedException(Refusal.UNAUTHORIZED, "room '" + room.name() + "' is locked: sign in to join");
        }
        String email = caller.email() == null ? null : caller.email().toLowerCase(Locale.ROOT);
        if (email != null) {
            for (Attendee a : m.attendees()) {
                if (a.email() != null && a.email().toLowerCase(Locale.ROOT).equals(email)) {
                    return;
                }
            }
        }
        throw new RefusedException(Refusal.NOT_INVITED, "room '" + room.name()
                + "' is locked and you are not among this meeting's attendees");
    }

    /** The meeting with a video room whose expiry covers the hard end it needs now. */
    private Meeting ensureVideoRoom(Room room, Meeting m, Instant now) {
        Instant hardEnd = policy.hardEndFor(m, now);
        Meeting held = videoRooms.ensure(m, hardEnd, now).orElseThrow(() ->
                new RefusedException(Refusal.MEETING_ENDED, "the meeting is over",
                        Map.of("meetingStatus", meeting(room.name(), m.id()).status().wire()), null));
        if (held.status() == MeetingStatus.ACTIVE && hardEnd.isAfter(policy.hardEnd(held))) {
            // A call running over: people must be able to get back in, so the room stays open a step longer.
            return videoRooms.extend(held, hardEnd, now);
        }
        return held;
    }

    private static String userName(Caller caller, String displayName) {
        if (displayName != null && !displayName.isBlank()) {
            return displayName.strip();
        }
        if (caller != null && caller.name() != null && !caller.name().isBlank()) {
            return caller.name();
        }
        if (caller != null && caller.email() != null) {
            return caller.email().substring(0, Math.max(1, caller.email().indexOf('@')));
        }
        return "Guest";
    }

    /** Daily keeps user ids to 36 characters: longer subjects are replaced by a digest. */
    private static String userId(Caller caller) {
        if (caller == null) {
            return null;
        }
        return caller.sub().length() <= 36 ? caller.sub() : "u-" + Hashes.sha256(caller.sub()).substring(0, 34);
    }

    private Room room(String name) {
        return MeetingLookup.room(rooms, name);
    }

    private Meeting meeting(String room, String id) {
        return MeetingLookup.meeting(meetings, room, id);
    }
}
