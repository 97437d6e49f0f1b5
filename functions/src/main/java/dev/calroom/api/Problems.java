package dev.calroom.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.domain.Refusal;
import dev.calroom.domain.RefusedException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * RFC 9457 problem details: {@code type}, {@code title}, {@code status}, {@code detail}, a stable {@code code},
 * and facts of the refusal as extension members.
 */
public final class Problems {

    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://calroom.dev/problems/";

    private Problems() {
    }

    public static int status(Refusal r) {
        return switch (r) {
            case VALIDATION_FAILED -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN, NOT_INVITED -> 403;
            case ROOM_NOT_FOUND, MEETING_NOT_FOUND -> 404;
            case ROOM_EXISTS, MEETING_NOT_STARTED, SYNC_IN_PROGRESS, MEETING_FROM_CALENDAR, MEETING_IN_PROGRESS -> 409;
            case MEETING_ENDED -> 410;
            case RATE_LIMITED -> 429;
            case IDEMPOTENCY_KEY_REUSED -> 422;
            case VIDEO_PROVIDER_UNAVAILABLE, IDENTITY_PROVIDER_UNAVAILABLE -> 503;
        };
    }

    public static String title(Refusal r) {
        return switch (r) {
            case VALIDATION_FAILED -> "The request is not valid";
            case UNAUTHORIZED -> "Authentication required";
            case FORBIDDEN -> "Only the room's owner may do this";
            case NOT_INVITED -> "You are not invited to this meeting";
            case ROOM_NOT_FOUND -> "Room not found";
            case MEETING_NOT_FOUND -> "Meeting not found";
            case ROOM_EXISTS -> "A room with this name exists";
            case MEETING_NOT_STARTED -> "The meeting has not started yet";
            case MEETING_ENDED -> "The meeting has ended";
            case MEETING_FROM_CALENDAR -> "The meeting comes from the room's calendar";
            case MEETING_IN_PROGRESS -> "People are in the meeting";
            case SYNC_IN_PROGRESS -> "A sync of this room is running";
            case RATE_LIMITED -> "Too many requests";
            case IDEMPOTENCY_KEY_REUSED -> "The Idempotency-Key was used for another request";
            case VIDEO_PROVIDER_UNAVAILABLE -> "The video provider is unavailable";
            case IDENTITY_PROVIDER_UNAVAILABLE -> "The identity provider is unavailable";
        };
    }

    public static ApiResponse of(RefusedException e) {
        Refusal r = e.reason();
        ApiResponse resp = problem(status(r), r.code(), title(r), e.getMessage(), e.facts());
        if (r == Refusal.UNAUTHORIZED) {
            resp = resp.withHeader("WWW-Authenticate", "Bearer");
        }
        Duration retry = e.retryAfter();
        if (retry != null) {
            resp = resp.withHeader("Retry-After", Long.toString(Math.max(1, (retry.toMillis() + 999) / 1000)));
        }
        return resp;
    }

    public static ApiResponse problem(int status, String code, String title, String detail,
                                      Map<String, Object> facts) {
        ObjectNode n = Json.object();
        n.put("type", TYPE_BASE + code);
        n.put("title", title);
        n.put("status", status);
        n.put("detail", detail);
        n.put("code", code);
        facts.forEach((k, v) -> {
            if (v instanceof Instant t) {
                n.put(k, t.toString());
            } else if (v instanceof Number num) {
                n.put(k, num.longValue());
            } else {
                n.put(k, String.valueOf(v));
            }
        });
        return new ApiResponse(status, Map.of("Content-Type", CONTENT_TYPE, "Cache-Control", "no-store"),
                Json.write(n));
    }

    public static ApiResponse notFound(String path) {
        return problem(404, "not-found", "No such route", "no route for " + path, Map.of());
    }

    public static ApiResponse internal() {
        return problem(500, "internal-error", "Internal error", "the request failed; try again", Map.of());
    }
}
