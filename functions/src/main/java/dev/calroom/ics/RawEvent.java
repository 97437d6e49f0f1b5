package dev.calroom.ics;

import java.util.List;

/** A VEVENT's own content lines (nested components such as VALARM left out), with the line it began on. */
record RawEvent(int lineNumber, List<ContentLine> lines) {

    ContentLine first(String name) {
        for (ContentLine l : lines) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }

    String value(String name) {
        ContentLine l = first(name);
        return l == null ? null : l.value();
    }
}
