package dev.calroom.ics;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsing of iCalendar DATE, DATE-TIME, DURATION and TEXT values, tolerant of what real exports write. */
final class IcsValues {

    private static final ZoneRules UTC = ZoneOffset.UTC.getRules();

    private IcsValues() {
    }

    /** Parses one DATE or DATE-TIME value of a property, resolving its TZID; null when the value is malformed. */
    static IcsValue parse(String raw, String valueParam, String tzidParam, ZoneResolver zones, int line) {
        String v = raw.trim();
        boolean dateOnly = "DATE".equalsIgnoreCase(valueParam) || (v.length() == 8 && v.indexOf('T') < 0);
        try {
            if (dateOnly) {
                if (v.length() < 8) {
                    return null;
                }
                return new IcsValue.Date(date(v, 0));
            }
            int t = v.indexOf('T');
            if (t != 8 && t != -1) {
                return null;
            }
            if (t < 0) {
                // A date where a date-time was announced.
                return new IcsValue.Date(date(v, 0));
            }
            boolean utc = v.endsWith("Z") || v.endsWith("z");
            String time = v.substring(9, utc ? v.length() - 1 : v.length());
            int hour = digits(time, 0, 2);
            int minute = time.length() >= 4 ? digits(time, 2, 4) : 0;
            int second = time.length() >= 6 ? digits(time, 4, 6) : 0;
            if (second == 60) {
                second = 59; // leap second
            }
            LocalDateTime local = date(v, 0).atTime(hour, minute, second);
            if (utc) {
                return new IcsValue.DateTime(local, UTC, true);
            }
            if (tzidParam != null && !tzidParam.isBlank()) {
                return new IcsValue.DateTime(local, zones.resolve(tzidParam, line), false);
            }
            return new IcsValue.DateTime(local, null, false);
        } catch (DateTimeException | NumberFormatException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * Parses a DATE or DATE-TIME property (DTSTART, DTEND, RECURRENCE-ID) with its VALUE and TZID parameters, as
     * {@link #parse(String, String, String, ZoneResolver, int)} does; the plain forms ({@code 20261124},
     * {@code 20261124T090000}, with a trailing Z or not) are read from the line's bytes without decoding them.
     */
    static IcsValue parse(ContentLine line, ZoneResolver zones) {
        if (line.paramSpan("VALUE") < 0) {
            byte[] b = line.bytes();
            int from = line.valueStart();
            int to = line.valueEnd();
            LocalDateTime local = plain(b, from, to);
            if (local != null) {
                if (to - from == 8) {
                    return new IcsValue.Date(local.toLocalDate());
                }
                if (b[to - 1] == 'Z' || b[to - 1] == 'z') {
                    return new IcsValue.DateTime(local, UTC, true);
                }
                // The TZID is looked up from its bytes: a feed names a few zones on many lines.
                long tzid = line.paramSpan("TZID");
                int tzFrom = (int) (tzid >>> 32);
                int tzTo = (int) tzid;
                if (tzid >= 0 && !IcsLexer.isBlank(b, tzFrom, tzTo)) {
                    return new IcsValue.DateTime(local, zones.resolve(b, tzFrom, tzTo, line.lineNumber()), false);
                }
                return new IcsValue.DateTime(local, null, false);
            }
        }
        return parse(line.value(), line.param("VALUE"), line.param("TZID"), zones, line.lineNumber());
    }

    /**
     * The day of a plain DATE or DATE-TIME value ({@code 20261124}, {@code 20261124T090000}, with or without a
     * trailing Z, blanks around it allowed) as an epoch day, read from the line's bytes; Long.MIN_VALUE for anything
     * else.
     */
    static long epochDay(ContentLine line) {
        LocalDateTime local = plain(line.bytes(), line.valueStart(), line.valueEnd());
        return local == null ? Long.MIN_VALUE : local.toLocalDate().toEpochDay();
    }

    /**
     * {@code b[from, to)} read as {@code yyyyMMdd} (midnight), {@code yyyyMMdd'T'HHmmss} or the same with a trailing Z
     * (a leap second read as :59), or null when it is none of these or no valid date.
     */
    private static LocalDateTime plain(byte[] b, int from, int to) {
        int length = to - from;
        if (length != 8 && length != 15 && !(length == 16 && (b[to - 1] == 'Z' || b[to - 1] == 'z'))) {
            return null;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 4, 2);
        int day = digits(b, from + 6, 2);
        int hour = length == 8 ? 0 : b[from + 8] == 'T' ? digits(b, from + 9, 2) : -1;
        int minute = length == 8 ? 0 : digits(b, from + 11, 2);
        int second = length == 8 ? 0 : digits(b, from + 13, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second == 60 ? 59 : second);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number of {@code count} ASCII digits at {@code at}, or -1. */
    static int digits(byte[] b, int at, int count) {
        int v = 0;
        for (int k = at; k < at + count; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Parses the comma-separated values of EXDATE or RDATE, keeping only each value's start. */
    static List<IcsValue> parseList(ContentLine line, ZoneResolver zones, List<FeedProblem> problems, String uid) {
        List<DateItem> items = parseItems(line, zones, problems, uid);
        List<IcsValue> out = new ArrayList<>(items.size());
        for (DateItem item : items) {
            out.add(item.start());
        }
        return out;
    }

    /**
     * Parses the comma-separated values of RDATE or EXDATE. A PERIOD value ({@code start/end} or
     * {@code start/duration}) keeps its own end: RFC 5545 3.8.5.2 gives each period its own length.
     */
    static List<DateItem> parseItems(ContentLine line, ZoneResolver zones, List<FeedProblem> problems, String uid) {
        String valueParam = line.param("VALUE");
        String tzid = line.param("TZID");
        boolean periodType = "PERIOD".equalsIgnoreCase(valueParam);
        List<DateItem> out = new ArrayList<>(2);
        for (String part : line.value().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String item = part.trim();
            String periodEnd = null;
            int slash = item.indexOf('/');
            if (slash > 0) {
                periodEnd = item.substring(slash + 1).trim();
                item = item.substring(0, slash);
            }
            IcsValue v = parse(item, periodType ? null : valueParam, tzid, zones, line.lineNumber());
            if (v == null) {
                problems.add(new FeedProblem(line.lineNumber(), uid, line.name() + " value '" + part.trim()
                        + "' is not a date or date-time; ignored"));
                continue;
            }
            IcsValue end = null;
            long[] length = null;
            if (periodEnd != null && !periodEnd.isEmpty()) {
                char c = periodEnd.charAt(0);
                if (c == 'P' || c == 'p' || c == '+') {
                    length = duration(periodEnd);
                } else {
                    end = parse(periodEnd, null, tzid, zones, line.lineNumber());
                }
                if (length == null && end == null || length != null && (length[0] < 0 || length[1] < 0)) {
                    problems.add(new FeedProblem(line.lineNumber(), uid, line.name() + " period '" + part.trim()
                            + "' has a malformed end; the event's own length is used"));
                    length = null;
                }
            }
            out.add(new DateItem(v, end, length));
        }
        return out;
    }

    /** One RDATE/EXDATE value: its start and, for a PERIOD, its explicit end or its {days, seconds} length. */
    record DateItem(IcsValue start, IcsValue periodEnd, long[] periodLength) {
    }

    private static LocalDate date(String v, int at) {
        return LocalDate.of(digits(v, at, at + 4), digits(v, at + 4, at + 6), digits(v, at + 6, at + 8));
    }

    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(s);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * An RFC 5545 DURATION: weeks and days are nominal (calendar days, wall clock kept), hours, minutes and seconds
     * exact. Returns {days, seconds} with the sign applied, or null when malformed.
     */
    static long[] duration(String raw) {
        String s = raw.trim().toUpperCase(Locale.ROOT);
        int i = 0;
        int sign = 1;
        if (s.startsWith("-")) {
            sign = -1;
            i = 1;
        } else if (s.startsWith("+")) {
            i = 1;
        }
        if (i >= s.length() || s.charAt(i) != 'P') {
            return null;
        }
        i++;
        long days = 0;
        long seconds = 0;
        boolean time = false;
        boolean any = false;
        long num = -1;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                num = (num < 0 ? 0 : num * 10) + (c - '0');
                if (num > 100_000_000L) {
                    return null;
                }
                continue;
            }
            if (c == 'T') {
                time = true;
                continue;
            }
            if (num < 0) {
                return null;
            }
            switch (c) {
                case 'W' -> days += num * 7;
                case 'D' -> days += num;
                case 'H' -> seconds += num * 3600;
                case 'M' -> {
                    if (!time) {
                        return null;
                    }
                    seconds += num * 60;
                }
                case 'S' -> seconds += num;
                default -> {
                    return null;
                }
            }
            any = true;
            num = -1;
        }
        if (!any || num >= 0) {
            return null;
        }
        return new long[] {sign * days, sign * seconds};
    }

    /** Unescapes a TEXT value: \n, \N, \, \; and \\. */
    static String text(String raw) {
        if (raw == null) {
            return null;
        }
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char d = raw.charAt(++i);
                switch (d) {
                    case 'n', 'N' -> sb.append('\n');
                    default -> sb.append(d);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
