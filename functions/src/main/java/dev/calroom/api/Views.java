package dev.calroom.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.domain.Attendee;
import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MaskedUrl;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.MeetingPolicy;
import dev.calroom.domain.Room;
import dev.calroom.domain.SyncBackoff;
import dev.calroom.domain.SyncCounts;
import dev.calroom.domain.SyncState;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;

/**
 * The JSON of rooms and meetings. Owner-only members (a room's feed, a meeting's description, location, attendees
 * and source events) are written only when {@code owner} is true; the feed URL is always masked.
 */
public final class Views {

    private final String publicBaseUrl;
    private final MeetingPolicy policy;

    public Views(String publicBaseUrl, MeetingPolicy policy) {
        this.publicBaseUrl = publicBaseUrl;
        this.policy = policy;
    }

    public ObjectNode room(Room r, boolean owner) {
        ObjectNode n = Json.object();
        n.put("name", r.name());
        n.put("url", r.publicUrl(publicBaseUrl));
        n.put("isLocked", r.locked());
        n.put("createdAt", iso(r.createdAt()));
        if (owner) {
            IcsConfig ics = r.ics();
            if (ics == null) {
                n.putNull("ics");
            } else {
                ObjectNode i = n.putObject("ics");
                i.put("url", MaskedUrl.of(ics.url()));
                i.put("enabled", ics.enabled());
                i.put("fetchIntervalMinutes", ics.fetchIntervalMinutes());
                i.put("match", ics.match().wire());
                i.put("timezone", ics.timezone());
                i.put("meetingKey", ics.meetingKey().wire());
                i.set("sync", sync(r.sync(), ics.enabled(), Duration.ofMinutes(ics.fetchIntervalMinutes())));
            }
        }
        return n;
    }

    public ObjectNode sync(SyncState s, boolean enabled, Duration interval) {
        ObjectNode n = Json.object();
        SyncState st = s == null ? SyncState.never(null) : s;
        n.put("status", st.status() == null ? null : st.status().wire());
        n.put("error", st.error());
        n.put("lastAttemptAt", iso(st.lastAttemptAt()));
        n.put("lastSuccessAt", iso(st.lastSuccessAt()));
        n.put("nextSyncAt", enabled ? iso(st.nextSyncAt()) : null);
        n.put("consecutiveFailures", st.consecutiveFailures());
        n.put("backoff", enabled ? SyncBackoff.explain(st.consecutiveFailures(), interval, st.lastAttemptAt(),
                st.nextSyncAt()) : null);
        if (st.lastDurationMillis() != null) {
            n.put("lastDurationMs", st.lastDurationMillis());
        }
        n.set("counts", counts(st.counts()));
        return n;
    }

    public ObjectNode counts(SyncCounts c) {
        ObjectNode n = Json.object();
        n.put("inFeed", c.inFeed());
        n.put("matched", c.matched());
        n.put("created", c.created());
        n.put("updated", c.updated());
        n.put("deleted", c.deleted());
        n.put("meetingsCreated", c.meetingsCreated());
        n.put("meetingsCancelled", c.meetingsCancelled());
        n.put("occurrencesLeftOut", c.occurrencesLeftOut());
        n.put("meetingsLeftOut", c.meetingsLeftOut());
        if (c.limited()) {
            n.put("limits", "the room's limits were reached: " + c.occurrencesLeftOut() + " occurrences not stored, "
                    + c.meetingsLeftOut() + " meetings not created (a very frequent recurring event is the usual"
                    + " cause)");
        }
        return n;
    }

    public ObjectNode meeting(Meeting m, boolean owner) {
        ObjectNode n = Json.object();
        n.put("id", m.id());
        n.put("roomName", m.roomName());
        n.put("title", m.title());
        n.put("startsAt", iso(m.startsAt()));
        n.put("endsAt", iso(m.endsAt()));
        n.put("status", m.status().wire());
        n.put("source", m.source());
        n.put("participantCount", m.presence().count());
        n.put("joinableAt", iso(policy.joinableAt(m)));
        n.put("startedAt", iso(m.presence().firstJoinedAt()));
        if (owner) {
            n.put("description", m.description());
            n.put("location", m.location());
            ArrayNode attendees = n.putArray("attendees");
            for (Attendee a : m.attendees()) {
                ObjectNode an = attendees.addObject();
                an.put("email", a.email());
                an.put("name", a.name());
                an.put("status", a.status());
            }
            ArrayNode sources = n.putArray("sourceEvents");
            for (String key : new TreeSet<>(m.sources())) {
                int sep = key.indexOf('\u001f');
                ObjectNode sn = sources.addObject();
                sn.put("uid", sep < 0 ? key : key.substring(0, sep));
                String rid = sep < 0 ? "-" : key.substring(sep + 1);
                sn.put("recurrenceId", rid.equals("-") ? null : rid);
            }
        }
        return n;
    }

    public static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
