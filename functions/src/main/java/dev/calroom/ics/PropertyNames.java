package dev.calroom.ics;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Property and component names read straight from a feed's bytes: trimmed, upper-cased, and, for the names calroom
 * reads, one shared constant each, found without building a string (a small open-addressed table keyed on length
 * and the first and last letters).
 */
final class PropertyNames {

    private static final String[] KNOWN = {
        "BEGIN", "END", "UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID",
        "SEQUENCE", "LAST-MODIFIED", "DTSTAMP", "CREATED", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS",
        "ORGANIZER", "ATTENDEE", "URL", "CONFERENCE", "X-ALT-DESC", "CLASS", "TRANSP", "PRIORITY", "CATEGORIES",
        "GEO", "COMMENT", "CONTACT", "ATTACH", "RELATED-TO", "RESOURCES", "TZID", "TZNAME", "TZOFFSETFROM",
        "TZOFFSETTO", "TZURL", "ACTION", "TRIGGER", "REPEAT", "VERSION", "PRODID", "CALSCALE", "METHOD",
        "X-WR-TIMEZONE", "X-WR-CALNAME", "X-WR-CALDESC", "X-LIC-ERROR", "X-LIC-LOCATION", "X-GOOGLE-CONFERENCE",
        "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
        "X-MICROSOFT-ONLINEMEETINGCONFLINK", "X-MICROSOFT-CDO-BUSYSTATUS", "X-MICROSOFT-CDO-IMPORTANCE",
        "X-MICROSOFT-CDO-INTENDEDSTATUS", "X-MICROSOFT-DISALLOW-COUNTER", "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR",
        "VCALENDAR", "VEVENT", "VTIMEZONE", "VALARM", "STANDARD", "DAYLIGHT", "VTODO", "VJOURNAL", "VFREEBUSY",
    };
    private static final int MASK = 255;
    private static final String[] TABLE = new String[MASK + 1];
    private static final byte[][] BYTES = new byte[MASK + 1][];

    static {
        for (String k : KNOWN) {
            int slot = slot(k.length(), k.charAt(0), k.charAt(k.length() - 1));
            while (TABLE[slot] != null) {
                slot = (slot + 1) & MASK;
            }
            TABLE[slot] = k;
            BYTES[slot] = k.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private PropertyNames() {
    }

    private static int slot(int length, int first, int last) {
        return (length * 31 + first * 7 + last * 3) & MASK;
    }

    /** The name {@code bytes[from, to)} trimmed and upper-cased. */
    static String of(byte[] bytes, int from, int to) {
        while (from < to && (bytes[from] & 0xFF) <= ' ') {
            from++;
        }
        while (to > from && (bytes[to - 1] & 0xFF) <= ' ') {
            to--;
        }
        int length = to - from;
        if (length > 0) {
            int slot = slot(length, upper(bytes[from]), upper(bytes[to - 1]));
            for (String k = TABLE[slot]; k != null; k = TABLE[slot = (slot + 1) & MASK]) {
                // Nearly every feed writes its names in capitals: compare the bytes as they are first (a plain loop:
                // names are short, and a library comparison costs more to set up than the loop takes).
                if (k.length() == length && (sameBytes(bytes, from, BYTES[slot], length)
                        || equalsUpper(bytes, from, k))) {
                    return k;
                }
            }
        }
        return upper(new String(bytes, from, length, StandardCharsets.UTF_8));
    }

    static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    private static int upper(byte b) {
        return b >= 'a' && b <= 'z' ? b - 32 : b;
    }

    private static boolean sameBytes(byte[] bytes, int from, byte[] known, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[from + i] != known[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsUpper(byte[] bytes, int from, String known) {
        for (int i = 0; i < known.length(); i++) {
            if (upper(bytes[from + i]) != known.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
