package dev.calroom.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.api.ApiFunction;
import dev.calroom.api.ApiRequest;
import dev.calroom.api.ApiResponse;
import dev.calroom.api.Authenticator;
import dev.calroom.api.Json;
import dev.calroom.api.JsonBody;
import dev.calroom.api.Problems;
import dev.calroom.api.Views;
import dev.calroom.auth.Caller;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.Refusal;
import dev.calroom.domain.Room;
import dev.calroom.domain.RefusedException;
import dev.calroom.meetings.CreatedMeeting;
import dev.calroom.meetings.JoinResult;
import dev.calroom.meetings.MeetingClosing;
import dev.calroom.meetings.MeetingService;
import dev.calroom.meetings.RoomMeetings;
import dev.calroom.rooms.RoomService;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A room's meetings: lists, one meeting, unscheduled meetings, join and token refresh. */
public final class MeetingsHandler extends ApiFunction {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final int DEFAULT_UPCOMING_MINUTES = 30;

    private final MeetingService meetings;
    private final MeetingClosing closing;
    private final Authenticator auth;
    private final Views views;

    public MeetingsHandler() {
        this(ApiComponents.instance().meetingService(), ApiComponents.instance().meetingClosing(),
                ApiComponents.instance().authenticator(), ApiComponents.instance().views());
        ApiPriming.register(ApiComponents.instance(), this);
    }

    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        String room = Room.PRIMING_NAME;
        String meeting = "20260101T090000Z-20260101T093000Z";
        return List.of(primingRequest("GET", "/v1/rooms/{room}/meetings", "/v1/rooms/" + room + "/meetings",
                        Map.of("room", room), Map.of(), null),
                primingRequest("GET", "/v1/rooms/{room}/meetings/{meetingId}", "/v1/rooms/" + room + "/meetings/"
                        + meeting, Map.of("room", room, "meetingId", meeting), Map.of(), null));
    }

    public MeetingsHandler(MeetingService meetings, MeetingClosing closing, Authenticator auth, Views views) {
        this.meetings = meetings;
        this.closing = closing;
        this.auth = auth;
        this.views = views;
    }

    @Override
    protected ApiResponse route(ApiRequest r) {
        return switch (r.routeKey()) {
            case "GET /v1/rooms/{room}/meetings" -> {
                Caller caller = auth.optional(r);
                yield list(meetings.list(r.room()), caller);
            }
            case "GET /v1/rooms/{room}/meetings/upcoming" -> {
                Caller caller = auth.optional(r);
                yield list(meetings.upcoming(r.room(), minutes(r)), caller);
            }
            case "GET /v1/rooms/{room}/meetings/{meetingId}" -> {
                Caller caller = auth.optional(r);
                RoomMeetings found = meetings.get(r.room(), meetingId(r));
                yield ApiResponse.json(200, Json.write(views.meeting(found.meetings().getFirst(),
                        RoomService.isOwner(found.room(), caller))));
            }
            case "POST /v1/rooms/{room}/meetings" -> {
                Caller caller = auth.optional(r);
                String key = idempotencyKey(r);
                JsonBody body = JsonBody.parse(r, true).allowOnly(Set.of("title"));
                String title = body.string("title", 200).orElse(null);
                String room = r.room();
                CreatedMeeting created = meetings.createAdhoc(room, caller, title, key, r.sourceIp());
                boolean owner = RoomService.isOwner(created.room(), caller);
                ApiResponse resp = ApiResponse.json(created.replayed() ? 200 : 201,
                        Json.write(views.meeting(created.meeting(), owner)))
                        .withHeader("Location", "/v1/rooms/" + room + "/meetings/" + created.meeting().id());
                yield created.replayed() ? resp.withHeader("Idempotent-Replayed", "true") : resp;
            }
            case "POST /v1/rooms/{room}/meetings/{meetingId}/join" -> {
                Caller caller = auth.optional(r);
                JoinResult j = join(r, caller);
                ObjectNode body = Json.object();
                body.set("meeting", views.meeting(j.meeting(), RoomService.isOwner(j.room(), caller)));
                body.put("roomUrl", j.roomUrl());
                body.put("token", j.token());
                body.put("tokenExpiresAt", Views.iso(j.tokenExpiresAt()));
                yield ApiResponse.json(200, Json.write(body));
            }
            case "POST /v1/rooms/{room}/meetings/{meetingId}/token" -> {
                JoinResult j = join(r, auth.optional(r));
                ObjectNode body = Json.object();
                body.put("token", j.token());
                body.put("roomUrl", j.roomUrl());
                body.put("expiresAt", Views.iso(j.tokenExpiresAt()));
                yield ApiResponse.json(200, Json.write(body));
            }
            case "POST /v1/rooms/{room}/meetings/{meetingId}/end" -> {
                Caller caller = auth.required(r);
                yield ApiResponse.json(200, Json.write(views.meeting(closing.endNow(r.room(), meetingId(r), caller),
                        true)));
            }
            case "POST /v1/rooms/{room}/meetings/{meetingId}/cancel" -> {
                Caller caller = auth.required(r);
                yield ApiResponse.json(200, Json.write(views.meeting(closing.cancel(r.room(), meetingId(r), caller),
                        true)));
            }
            default -> Problems.notFound(r.method() + " " + r.path());
        };
    }

    private JoinResult join(ApiRequest r, Caller caller) {
        JsonBody body = JsonBody.parse(r, true).allowOnly(Set.of("displayName"));
        String displayName = body.string("displayName", 100).orElse(null);
        return meetings.join(r.room(), meetingId(r), caller, displayName);
    }

    private ApiResponse list(RoomMeetings found, Caller caller) {
        boolean owner = RoomService.isOwner(found.room(), caller);
        ObjectNode body = Json.object();
        body.put("now", Views.iso(meetings.now()));
        ArrayNode list = body.putArray("meetings");
        found.meetings().forEach(m -> list.add(views.meeting(m, owner)));
        return ApiResponse.json(200, Json.write(body));
    }

    private static String meetingId(ApiRequest r) {
        String id = r.pathParameter("meetingId");
        if (!Meeting.ID.matcher(id).matches()) {
            throw new RefusedException(Refusal.MEETING_NOT_FOUND, "no such meeting");
        }
        return id;
    }

    private static int minutes(ApiRequest r) {
        String v = r.query().get("minutes");
        if (v == null) {
            return DEFAULT_UPCOMING_MINUTES;
        }
        try {
            int m = Integer.parseInt(v.trim());
            if (m >= 1 && m <= 1440) {
                return m;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw RefusedException.invalid("minutes", "must be an integer from 1 to 1440");
    }

    private static String idempotencyKey(ApiRequest r) {
        String key = r.header("idempotency-key");
        if (key == null) {
            return null;
        }
        if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw RefusedException.invalid("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
        }
        return key;
    }
}
