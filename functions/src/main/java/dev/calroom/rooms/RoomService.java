package dev.calroom.rooms;

import dev.calroom.auth.Caller;
import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.Refusal;
import dev.calroom.domain.RefusedException;
import dev.calroom.domain.Room;
import dev.calroom.domain.SyncState;
import dev.calroom.meetings.VideoProvider;
import dev.calroom.sync.RoomPatch;
import dev.calroom.sync.RoomStore;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rooms: creation, the owner's list, partial updates and deletion. */
public final class RoomService {


    /** How long a delete request sweeps the room's items itself; the lifecycle finishes a larger room's sweep. */
    static final java.time.Duration DELETE_BUDGET = java.time.Duration.ofSeconds(8);

    private final RoomStore rooms;
    private final RoomDeletions deletions;
    private final RoomDeletion deletion;
    private final IcsUrlPolicy urls;
    private final Clock clock;

    public RoomService(RoomStore rooms, RoomDeletions deletions, VideoProvider video, IcsUrlPolicy urls,
                       Clock clock) {
        this.rooms = rooms;
        this.deletions = deletions;
        this.deletion = new RoomDeletion(deletions, video, clock);
        this.urls = urls;
        this.clock = clock;
    }

    public Room create(Caller caller, RoomDraft draft) {
        Instant now = clock.instant();
        IcsConfig ics = draft.ics();
        if (ics != null) {
            checkZone(ics.timezone());
            ics = new IcsConfig(urls.check("ics.url", ics.url()), ics.enabled(), ics.fetchIntervalMinutes(),
                    ics.match(), ics.timezone(), ics.meetingKey());
        }
        Room room = new Room(draft.name(), caller.sub(), draft.locked(), now, ics, SyncState.never(now));
        if (deletions.sweepPending(draft.name())) {
            // A large deleted room of this name is still being swept: nothing of it may be seen through a new one.
            throw new RefusedException(Refusal.ROOM_EXISTS, "a deleted room named '" + draft.name()
                    + "' is still being cleared away; the name is free again within a minute", Map.of(),
                    java.time.Duration.ofSeconds(60));
        }
        if (!rooms.create(room)) {
            throw new RefusedException(Refusal.ROOM_EXISTS, "the room name '" + draft.name() + "' is taken");
        }
        return room;
    }

    public List<Room> listOwned(Caller caller) {
        return rooms.listOwnedBy(caller.sub());
    }

    public Room get(String name) {
        return rooms.get(name).orElseThrow(() -> notFound(name));
    }

    public Room update(String name, Caller caller, RoomPatch patch) {
        Room room = owned(name, caller);
        if (patch.isEmpty()) {
            return room;
        }
        RoomPatch p = patch;
        if (p.icsUrl().isPresent()) {
            p = new RoomPatch(p.locked(), Optional.of(urls.check("ics.url", p.icsUrl().get())), p.icsEnabled(),
                    p.fetchIntervalMinutes(), p.match(), p.timezone(), p.meetingKey(), p.removeIcs());
        }
        p.timezone().flatMap(tz -> tz).ifPresent(RoomService::checkZone);
        boolean touchesFeed = p.icsEnabled().isPresent() || p.fetchIntervalMinutes().isPresent()
                || p.match().isPresent() || p.timezone().isPresent() || p.meetingKey().isPresent();
        if (room.ics() == null && !p.removeIcs() && touchesFeed && p.icsUrl().isEmpty()) {
            throw RefusedException.invalid("ics.url", "is required: the room has no calendar feed yet");
        }
        if (room.ics() == null && p.icsUrl().isPresent()) {
            // A new feed: fill in the defaults the stored config needs.
            p = new RoomPatch(p.locked(), p.icsUrl(), Optional.of(p.icsEnabled().orElse(true)),
                    Optional.of(p.fetchIntervalMinutes().orElse(IcsConfig.DEFAULT_INTERVAL)),
                    Optional.of(p.match().orElse(dev.calroom.domain.MatchMode.ROOM_URL)), p.timezone(),
                    Optional.of(p.meetingKey().orElse(dev.calroom.domain.MeetingKeyMode.SLOT)), false);
        }
        return rooms.update(name, p, clock.instant()).orElseThrow(() -> notFound(name));
    }

    /**
     * Deletes a room with its events, meetings and their video rooms (see {@link RoomDeletion}): the name is free at
     * once, a sync still running for the room can write nothing more, and what the request cannot sweep within its
     * budget the next lifecycle run does.
     */
    public void delete(String name, Caller caller) {
        owned(name, caller);
        if (!deletion.delete(name, clock.instant().plus(DELETE_BUDGET))) {
            throw notFound(name);
        }
    }

    /** The room, when the caller owns it. */
    public Room owned(String name, Caller caller) {
        Room room = get(name);
        requireOwner(room, caller);
        return room;
    }

    public static boolean isOwner(Room room, Caller caller) {
        return caller != null && caller.sub().equals(room.ownerSub());
    }

    public static void requireOwner(Room room, Caller caller) {
        if (caller == null) {
            throw new RefusedException(Refusal.UNAUTHORIZED, "a bearer token is required");
        }
        if (!isOwner(room, caller)) {
            throw new RefusedException(Refusal.FORBIDDEN, "only the owner of room '" + room.name() + "' may do this");
        }
    }

    private static void checkZone(String tz) {
        if (tz == null) {
            return;
        }
        try {
            ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw RefusedException.invalid("ics.timezone", "is not a known time zone (use an IANA id such as "
                    + "Europe/Berlin)");
        }
    }

    static RefusedException notFound(String name) {
        return new RefusedException(Refusal.ROOM_NOT_FOUND, "no room named '" + name + "'");
    }
}
