package dev.calroom.sync;

import dev.calroom.domain.MatchMode;
import dev.calroom.domain.MeetingKeyMode;

import java.util.Optional;

/**
 * A partial update of a room: each present field is set, absent ones are left as they are, so two owners patching
 * different fields at once both land.
 *
 * @param icsUrl    a new feed URL; the sync validators of the old one are dropped and a sync is due at once
 * @param timezone  present-and-empty clears the room's zone for floating times
 * @param removeIcs removes the feed (the room keeps its meetings)
 */
public record RoomPatch(Optional<Boolean> locked, Optional<String> icsUrl, Optional<Boolean> icsEnabled,
                        Optional<Integer> fetchIntervalMinutes, Optional<MatchMode> match,
                        Optional<Optional<String>> timezone, Optional<MeetingKeyMode> meetingKey, boolean removeIcs) {

    public static RoomPatch none() {
        return new RoomPatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false);
    }

    public boolean isEmpty() {
        return locked.isEmpty() && icsUrl.isEmpty() && icsEnabled.isEmpty() && fetchIntervalMinutes.isEmpty()
                && match.isEmpty() && timezone.isEmpty() && meetingKey.isEmpty() && !removeIcs;
    }
}
