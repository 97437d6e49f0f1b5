package dev.calroom.lifecycle;

import java.util.List;

/** What a lifecycle worker did with its batch, and the meetings it must get back from the queue. */
public record QueuedLifecycleRun(LifecycleRunSummary summary, List<DueMeeting> notHandled) {
}
