package dev.calroom.ics;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Tells, while a feed is being lexed and before any zone is known, that a VEVENT cannot reach the window, so that
 * the lexer keeps only the lines the reader still needs from it.
 *
 * <p>Only a one-off event or a single-instance override qualifies (no RRULE, RDATE or EXRULE; no RANGE on its
 * RECURRENCE-ID), and only when its DTSTART (and DTEND, if it has one) are plain dates or date-times. Their local
 * dates are compared with the window's UTC dates widened by {@link #MARGIN_DAYS}: a zone's offset is at most 18 hours,
 * so an event two days clear of the window by its local dates is clear of it in any zone. An event with a DURATION is
 * judged only by its start. Such an event never becomes an occurrence, and the reader reads nothing of it but its
 * identity, its times and its revision: what tells duplicates apart and which instance an override replaces. Those
 * lines are kept; its summary, description, attendees and the rest are dropped.
 */
final class DistantEvents {

    static final int MARGIN_DAYS = 2;

    private final long firstDay;
    private final long lastDay;

    private DistantEvents(long firstDay, long lastDay) {
        this.firstDay = firstDay;
        this.lastDay = lastDay;
    }

    /** The rule for the window [from, to); null (keep everything) when the window lies beyond the calendar's dates. */
    static DistantEvents around(Instant from, Instant to) {
        try {
            return new DistantEvents(LocalDate.ofInstant(from, ZoneOffset.UTC).toEpochDay() - MARGIN_DAYS,
                    LocalDate.ofInstant(to, ZoneOffset.UTC).toEpochDay() + MARGIN_DAYS);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The lines to keep of a VEVENT: all of them, or only what the reader needs when it cannot reach the window; an
     * unmodifiable list of its own either way.
     */
    List<ContentLine> keep(List<ContentLine> lines) {
        return isDistant(lines) ? keyLines(lines) : List.copyOf(lines);
    }

    boolean isDistant(List<ContentLine> lines) {
        ContentLine start = null;
        ContentLine end = null;
        boolean duration = false;
        for (ContentLine l : lines) {
            switch (l.name()) {
                case "RRULE", "RDATE", "EXRULE" -> {
                    return false;
                }
                case "RECURRENCE-ID" -> {
                    if (l.param("RANGE") != null) {
                        return false;
                    }
                }
                case "DTSTART" -> start = start == null ? l : start;
                case "DTEND" -> end = end == null ? l : end;
                case "DURATION" -> duration = true;
                default -> {
                }
            }
        }
        if (start == null) {
            return false;
        }
        long startDay = IcsValues.epochDay(start);
        if (startDay == Long.MIN_VALUE) {
            return false;
        }
        if (startDay > lastDay) {
            return true;
        }
        if (duration && end == null) {
            return false;
        }
        long endDay = startDay + 1;
        if (end != null) {
            long day = IcsValues.epochDay(end);
            if (day == Long.MIN_VALUE) {
                return false;
            }
            endDay = Math.max(endDay, day);
        }
        return endDay < firstDay;
    }

    /** The lines the reader reads of an event outside the window, in an unmodifiable list of their own. */
    private static List<ContentLine> keyLines(List<ContentLine> lines) {
        boolean override = false;
        ContentLine lastUid = null;
        for (ContentLine l : lines) {
            switch (l.name()) {
                case "UID" -> lastUid = l;
                case "RECURRENCE-ID" -> override = true;
                default -> {
                }
            }
        }
        // Named as the reader names it: by its UID without the blanks around it.
        boolean named = lastUid != null && lastUid.valueStart() < lastUid.valueEnd();
        int count = 0;
        for (ContentLine l : lines) {
            if (isKey(l, override, named)) {
                count++;
            }
        }
        ContentLine[] kept = new ContentLine[count];
        int i = 0;
        for (ContentLine l : lines) {
            if (isKey(l, override, named)) {
                kept[i++] = l;
            }
        }
        return Collections.unmodifiableList(Arrays.asList(kept));
    }

    private static boolean isKey(ContentLine l, boolean override, boolean named) {
        return switch (l.name()) {
            case "UID", "DTSTART", "DTEND", "DURATION", "SEQUENCE", "RECURRENCE-ID" -> true;
            // Duplicate overrides of one instance are told apart by these.
            case "LAST-MODIFIED", "DTSTAMP" -> override;
            // An event without a UID is named after its summary.
            case "SUMMARY" -> !named;
            default -> false;
        };
    }
}
