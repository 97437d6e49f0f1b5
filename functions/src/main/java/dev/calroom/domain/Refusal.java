package dev.calroom.domain;

/** Why calroom refused a request; each has a stable code that clients may act on. */
public enum Refusal {
    VALIDATION_FAILED("validation-failed"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    NOT_INVITED("not-invited"),
    ROOM_NOT_FOUND("room-not-found"),
    MEETING_NOT_FOUND("meeting-not-found"),
    ROOM_EXISTS("room-exists"),
    MEETING_NOT_STARTED("meeting-not-started"),
    MEETING_ENDED("meeting-ended"),
    MEETING_FROM_CALENDAR("meeting-from-calendar"),
    MEETING_IN_PROGRESS("meeting-in-progress"),
    SYNC_IN_PROGRESS("sync-in-progress"),
    RATE_LIMITED("rate-limited"),
    VIDEO_PROVIDER_UNAVAILABLE("video-provider-unavailable"),
    IDENTITY_PROVIDER_UNAVAILABLE("identity-provider-unavailable"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused");

    private final String code;

    Refusal(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
