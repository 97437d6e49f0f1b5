package dev.calroom.lifecycle;

import java.util.List;

/** Where the lifecycle schedule puts due meetings for the lifecycle workers when one run cannot take them all. */
public interface LifecycleQueue {

    /** Sends the meetings (each with its dispatch mark as next action time); returns those not sent. */
    List<DueMeeting> send(List<DueMeeting> meetings);
}
