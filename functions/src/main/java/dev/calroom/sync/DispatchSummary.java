package dev.calroom.sync;

/**
 * What one dispatch did.
 *
 * @param due       rooms due within the window
 * @param queued    rooms sent to the queue
 * @param inline    the run synced its rooms itself ({@code inlineRun} is then its summary)
 * @param deferred  rooms left due for the next dispatch (their feed host's share of the window was full, or
 *                  another run dispatched them first)
 * @param sendFailures rooms whose message could not be sent (due again after the re-dispatch time at the latest)
 */
public record DispatchSummary(int due, int queued, boolean inline, SyncRunSummary inlineRun, int deferred,
                              int sendFailures) {
}
