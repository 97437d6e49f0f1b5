package dev.calroom.ics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/** A DATE or DATE-TIME value as written: all-day date, UTC, zoned (with its rules) or floating. */
sealed interface IcsValue {

    record Date(LocalDate date) implements IcsValue {
    }

    /**
     * @param rules the zone the local time is in; null for a floating time
     * @param utc   true when written with a trailing Z
     */
    record DateTime(LocalDateTime local, ZoneRules rules, boolean utc) implements IcsValue {
        boolean floating() {
            return rules == null;
        }
    }

    /** The instant a local time stands for in a zone: a time in a DST gap moves forward, an overlap takes the earlier. */
    static Instant toInstant(LocalDateTime local, ZoneRules rules) {
        if (rules.isFixedOffset()) {
            return local.toInstant(rules.getOffset(Instant.EPOCH));
        }
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (transition == null) {
            return local.toInstant(rules.getOffset(local));
        }
        if (transition.isGap()) {
            return local.plusSeconds(transition.getDuration().getSeconds()).toInstant(transition.getOffsetAfter());
        }
        return local.toInstant(transition.getOffsetBefore());
    }

    static LocalDateTime toLocal(Instant instant, ZoneRules rules) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), rules.getOffset(instant));
    }
}
