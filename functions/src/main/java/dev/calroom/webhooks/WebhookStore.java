package dev.calroom.webhooks;

import java.time.Instant;

/**
 * Webhook event ids already applied. An id is recorded only after its event was applied, so delivery is at least
 * once: a crash between the two leaves the id unrecorded and the provider's redelivery is applied again, which the
 * presence updates (keyed by the participant's session) make a no-op.
 */
public interface WebhookStore {

    /** Whether the event was applied before (a redelivery). */
    boolean delivered(String eventId);

    /** Records that the event was applied; remembered until {@code forgetAfter}. */
    void markDelivered(String eventId, Instant forgetAfter);
}
