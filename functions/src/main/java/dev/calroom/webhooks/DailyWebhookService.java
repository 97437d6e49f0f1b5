package dev.calroom.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calroom.domain.Refusal;
import dev.calroom.domain.RefusedException;
import dev.calroom.domain.VideoRoomName;
import dev.calroom.support.Log;
import dev.calroom.sync.MeetingStore;
import dev.calroom.sync.PresenceChange;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Daily.co webhooks: signature and freshness checked, each event id applied once, participant joins and leaves
 * turned into meeting presence, and the end of a call recorded.
 */
public final class DailyWebhookService {

    /** Deliveries signed further than this from now are refused as replays. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final Duration REMEMBER = Duration.ofDays(2);
    private static final byte[] TEST_BODY = "{\"test\":\"test\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookSignature signature;
    private final WebhookStore seen;
    private final MeetingStore meetings;
    private final String videoRoomPrefix;
    private final Clock clock;

    public DailyWebhookService(WebhookSignature signature, WebhookStore seen, MeetingStore meetings,
                               String videoRoomPrefix, Clock clock) {
        this.signature = signature;
        this.seen = seen;
        this.meetings = meetings;
        this.videoRoomPrefix = videoRoomPrefix;
        this.clock = clock;
    }

    /**
     * A delivery of an event calroom ignores, signed with this deployment's secret and stamped now: SnapStart priming
     * sends it through the handler, which verifies it, reads it and changes nothing. Header name to value, and the
     * body.
     */
    public Map.Entry<Map<String, String>, String> ignoredDelivery() {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        // Shaped as Daily's deliveries are, numbers included, so that reading it takes the same parser paths.
        String body = "{\"version\":\"1.0.0\",\"type\":\"calroom.priming\",\"id\":\"priming\",\"payload\":"
                + "{\"joined_at\":" + timestamp + "},\"event_ts\":" + timestamp + "}";
        String signed = signature.sign(timestamp, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Map.entry(Map.of("content-type", "application/json", "x-webhook-timestamp", timestamp,
                "x-webhook-signature", signed), body);
    }

    public WebhookOutcome handle(String timestamp, String givenSignature, byte[] body) {
        if (Arrays.equals(body, TEST_BODY)) {
            // Daily checks a new webhook URL with this body before the secret is known to anyone; it changes nothing.
            return WebhookOutcome.OK;
        }
        if (!signature.verify(timestamp, body, givenSignature)) {
            throw new RefusedException(Refusal.UNAUTHORIZED, "the webhook signature does not match");
        }
        Instant now = clock.instant();
        Instant signedAt = parseTimestamp(timestamp);
        if (signedAt == null || Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new RefusedException(Refusal.UNAUTHORIZED,
                    "the webhook timestamp is more than 5 minutes from now (replayed or delayed delivery)");
        }
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (IOException e) {
            throw RefusedException.invalid("body", "is not valid JSON");
        }
        if (event == null || !event.isObject()) {
            throw RefusedException.invalid("body", "must be a JSON object");
        }
        String id = event.path("id").asText("");
        String type = event.path("type").asText("");
        if (id.isEmpty() || id.length() > 256) {
            throw RefusedException.invalid("id", "is required");
        }
        JsonNode payload = event.path("payload");
        Optional<VideoRoomName.Key> key = VideoRoomName.parse(videoRoomPrefix,
                payload.path("room").asText(payload.path("room_name").asText(null)));
        boolean relevant = key.isPresent() && (type.equals("participant.joined") || type.equals("participant.left")
                || type.equals("meeting.ended"));
        if (!relevant) {
            return WebhookOutcome.IGNORED;
        }
        if (seen.delivered(id)) {
            return WebhookOutcome.DUPLICATE;
        }
        // Applied first, recorded after: at least once. A redelivery of an event applied but not yet recorded (a crash
        // in between, or two deliveries at once) changes nothing, since each presence update is keyed by the
        // participant's session and the call's end by the meeting.
        PresenceChange change = apply(type, key.get(), payload, event, now);
        seen.markDelivered(id, now.plus(REMEMBER));
        Log.info("webhook applied", "type", type, "room", key.get().room(), "meetingId", key.get().meetingId(),
                "change", change.name());
        return change == PresenceChange.UNKNOWN_MEETING ? WebhookOutcome.IGNORED : WebhookOutcome.OK;
    }

    private PresenceChange apply(String type, VideoRoomName.Key key, JsonNode payload, JsonNode event,
                                 Instant now) {
        Instant eventTs = seconds(event.path("event_ts"));
        Instant fallback = eventTs != null ? eventTs : now;
        switch (type) {
            case "participant.joined" -> {
                String session = sessionId(payload);
                Instant at = Optional.ofNullable(seconds(payload.path("joined_at"))).orElse(fallback);
                return meetings.participantJoined(key.room(), key.meetingId(), session,
                        payload.path("user_id").isTextual() ? payload.path("user_id").asText() : null, at, now);
            }
            case "participant.left" -> {
                String session = sessionId(payload);
                Instant joined = seconds(payload.path("joined_at"));
                JsonNode duration = payload.path("duration");
                Instant at = eventTs != null ? eventTs : joined != null && duration.isNumber()
                        ? joined.plusMillis((long) (duration.asDouble() * 1000)) : now;
                return meetings.participantLeft(key.room(), key.meetingId(), session, at, now);
            }
            default -> {
                Instant at = Optional.ofNullable(seconds(payload.path("end_ts"))).orElse(fallback);
                return meetings.videoMeetingEnded(key.room(), key.meetingId(), at, now);
            }
        }
    }

    private static String sessionId(JsonNode payload) {
        String s = payload.path("session_id").asText("");
        if (s.isEmpty() || s.length() > 128 || !s.matches("[A-Za-z0-9._:-]+")) {
            throw RefusedException.invalid("payload.session_id", "is required");
        }
        return s;
    }

    /** Daily's header carries milliseconds (13 digits); seconds are accepted too. */
    static Instant parseTimestamp(String ts) {
        if (ts == null || !ts.trim().matches("[0-9]{9,14}")) {
            return null;
        }
        long v = Long.parseLong(ts.trim());
        return v >= 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
    }

    /** Unix seconds, possibly fractional. */
    private static Instant seconds(JsonNode v) {
        if (!v.isNumber()) {
            return null;
        }
        return Instant.ofEpochMilli((long) (v.asDouble() * 1000));
    }
}
