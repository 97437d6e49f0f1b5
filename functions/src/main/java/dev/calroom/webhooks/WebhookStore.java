package dev.calroom.webhooks;

import java.time.Instant;

/** Webhook event ids already handled, so a redelivered event is applied once. */
public interface WebhookStore {

    /** Records an event id; false when it was recorded before (a duplicate delivery). */
    boolean markFirstDelivery(String eventId, Instant forgetAfter);

    /** Forgets an event id whose handling failed, so the provider's retry is applied. */
    void forget(String eventId);
}
