package dev.calroom.domain;

/** STATUS of a calendar event occurrence (RFC 5545 3.8.1.11). Anything unknown reads as CONFIRMED. */
public enum EventStatus {
    CONFIRMED, TENTATIVE, CANCELLED;

    public static EventStatus parse(String value) {
        if (value == null) {
            return CONFIRMED;
        }
        return switch (value.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "CANCELLED", "CANCELED" -> CANCELLED;
            case "TENTATIVE" -> TENTATIVE;
            default -> CONFIRMED;
        };
    }
}
