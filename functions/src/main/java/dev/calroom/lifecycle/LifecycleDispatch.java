package dev.calroom.lifecycle;

/**
 * What one run of the lifecycle schedule did: the work itself ({@code inlineRun}) when one run could take every
 * due meeting, else how many it queued for the lifecycle workers.
 */
public record LifecycleDispatch(int due, LifecycleRunSummary inlineRun, int queued, int sendFailures) {

    public boolean inline() {
        return inlineRun != null;
    }
}
