package dev.calroom.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.calroom.support.Log;

import java.time.Duration;

/** What the scheduled functions share: the run's correlation id and the time it may spend. */
final class ScheduledInvocation {

    private ScheduledInvocation() {
    }

    /**
     * Sets the correlation id (the schedule's event id, else the request id) and answers the time left before the
     * function's timeout, less {@code margin} (a minute when there is no context, as in tests).
     */
    static Duration begin(ScheduledEvent event, Context context, Duration margin) {
        Log.correlationId(event != null && event.getId() != null ? event.getId()
                : context != null ? context.getAwsRequestId() : null);
        long remaining = context != null ? context.getRemainingTimeInMillis() : 60_000;
        Duration budget = Duration.ofMillis(remaining).minus(margin);
        return budget.isNegative() ? Duration.ZERO : budget;
    }
}
