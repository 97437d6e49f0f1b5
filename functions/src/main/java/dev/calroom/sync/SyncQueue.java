package dev.calroom.sync;

import java.util.List;

/** Where the dispatcher puts rooms' syncs for the sync workers. */
public interface SyncQueue {

    /** Sends the messages (in batches as the queue takes them); returns those that could not be sent. */
    List<QueuedSync> send(List<QueuedSync> messages);
}
