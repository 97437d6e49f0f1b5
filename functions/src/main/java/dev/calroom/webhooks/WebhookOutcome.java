package dev.calroom.webhooks;

/** What a webhook delivery did. */
public enum WebhookOutcome {
    /** The event was applied (or recorded). */
    OK("ok"),
    /** The same event id was delivered before. */
    DUPLICATE("duplicate"),
    /** Not an event calroom acts on, or about a room of another deployment. */
    IGNORED("ignored");

    private final String wire;

    WebhookOutcome(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
