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
import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MatchMode;
import dev.calroom.domain.MeetingKeyMode;
import dev.calroom.domain.RefusedException;
import dev.calroom.domain.Room;
import dev.calroom.rooms.IcsUrlPolicy;
import dev.calroom.rooms.RoomDraft;
import dev.calroom.rooms.RoomService;
import dev.calroom.sync.RoomPatch;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /v1/rooms} and {@code /v1/rooms/{room}}: create, list own, read, update, delete. */
public final class RoomsHandler extends ApiFunction {

    private static final Set<String> ROOM_FIELDS = Set.of("name", "isLocked", "ics");
    private static final Set<String> PATCH_FIELDS = Set.of("isLocked", "ics");
    private static final Set<String> ICS_FIELDS = Set.of("url", "enabled", "fetchIntervalMinutes", "match",
            "timezone", "meetingKey");

    private final RoomService rooms;
    private final Authenticator auth;
    private final Views views;

    public RoomsHandler() {
        this(ApiComponents.instance().roomService(), ApiComponents.instance().authenticator(),
                ApiComponents.instance().views());
        ApiPriming.register(ApiComponents.instance(), this);
    }

    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(primingRequest("GET", "/v1/rooms/{room}", "/v1/rooms/" + Room.PRIMING_NAME,
                Map.of("room", Room.PRIMING_NAME), Map.of(), null));
    }

    public RoomsHandler(RoomService rooms, Authenticator auth, Views views) {
        this.rooms = rooms;
        this.auth = auth;
        this.views = views;
    }

    @Override
    protected ApiResponse route(ApiRequest r) {
        return switch (r.routeKey()) {
            case "POST /v1/rooms" -> {
                Caller caller = auth.required(r);
                Room room = rooms.create(caller, draft(JsonBody.parse(r, false)));
                yield ApiResponse.json(201, Json.write(views.room(room, true)))
                        .withHeader("Location", "/v1/rooms/" + room.name());
            }
            case "GET /v1/rooms" -> {
                Caller caller = auth.required(r);
                ObjectNode body = Json.object();
                ArrayNode list = body.putArray("rooms");
                rooms.listOwned(caller).forEach(room -> list.add(views.room(room, true)));
                yield ApiResponse.json(200, Json.write(body));
            }
            case "GET /v1/rooms/{room}" -> {
                Caller caller = auth.optional(r);
                Room room = rooms.get(r.room());
                yield ApiResponse.json(200, Json.write(views.room(room, RoomService.isOwner(room, caller))));
            }
            case "PATCH /v1/rooms/{room}" -> {
                Caller caller = auth.required(r);
                Room room = rooms.update(r.room(), caller, patch(JsonBody.parse(r, false)));
                yield ApiResponse.json(200, Json.write(views.room(room, true)));
            }
            case "DELETE /v1/rooms/{room}" -> {
                Caller caller = auth.required(r);
                rooms.delete(r.room(), caller);
                yield ApiResponse.noContent();
            }
            default -> Problems.notFound(r.method() + " " + r.path());
        };
    }

    private static RoomDraft draft(JsonBody body) {
        body.allowOnly(ROOM_FIELDS);
        String name = body.requiredString("name", 64);
        if (!Room.NAME.matcher(name).matches()) {
            throw RefusedException.invalid("name", "must be 3 to 64 characters of a-z, 0-9 and '-'");
        }
        if (Room.isReservedName(name)) {
            throw RefusedException.invalid("name", "'" + name + "' is kept for the web pages' own paths");
        }
        boolean locked = body.bool("isLocked").orElse(false);
        IcsConfig ics = null;
        Optional<JsonBody> icsBody = body.object("ics");
        if (icsBody.isPresent()) {
            JsonBody i = icsBody.get().allowOnly(ICS_FIELDS);
            String url = i.requiredString("url", IcsUrlPolicy.MAX_LENGTH + 64);
            ics = new IcsConfig(url, i.bool("enabled").orElse(true),
                    interval(i).orElse(IcsConfig.DEFAULT_INTERVAL), match(i).orElse(MatchMode.ROOM_URL),
                    timezone(i).flatMap(t -> t).orElse(null), meetingKey(i).orElse(MeetingKeyMode.SLOT));
        }
        return new RoomDraft(name, locked, ics);
    }

    private static RoomPatch patch(JsonBody body) {
        body.allowOnly(PATCH_FIELDS);
        Optional<Boolean> locked = body.bool("isLocked");
        if (body.isNull("ics")) {
            return new RoomPatch(locked, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), true);
        }
        Optional<JsonBody> icsBody = body.object("ics");
        if (icsBody.isEmpty()) {
            return new RoomPatch(locked, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), false);
        }
        JsonBody i = icsBody.get().allowOnly(ICS_FIELDS);
        if (i.isNull("url")) {
            throw RefusedException.invalid("ics.url", "cannot be null; send \"ics\": null to remove the feed");
        }
        return new RoomPatch(locked, i.string("url", IcsUrlPolicy.MAX_LENGTH + 64), i.bool("enabled"), interval(i),
                match(i), timezone(i), meetingKey(i), false);
    }

    private static Optional<Integer> interval(JsonBody i) {
        Optional<Integer> v = i.integer("fetchIntervalMinutes");
        if (v.isPresent() && !IcsConfig.INTERVALS.contains(v.get())) {
            throw RefusedException.invalid(i.path("fetchIntervalMinutes"), "must be one of 1, 5, 10, 30, 60");
        }
        return v;
    }

    private static Optional<MatchMode> match(JsonBody i) {
        return i.oneOf("match", MatchMode::fromWire, "room-url, all");
    }

    private static Optional<MeetingKeyMode> meetingKey(JsonBody i) {
        return i.oneOf("meetingKey", MeetingKeyMode::fromWire, "slot, event");
    }

    /** Absent: unchanged; null or empty: cleared; else the zone id. */
    private static Optional<Optional<String>> timezone(JsonBody i) {
        if (!i.has("timezone")) {
            return Optional.empty();
        }
        Optional<String> tz = i.string("timezone", 64).filter(s -> !s.isBlank());
        return Optional.of(tz);
    }
}
