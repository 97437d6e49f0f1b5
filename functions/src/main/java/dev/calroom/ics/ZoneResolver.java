package dev.calroom.ics;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.ZoneRulesBuilder;
import net.fortuna.ical4j.model.component.VTimeZone;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves TZID parameters to zone rules, in this order: an IANA id (also inside quotes or after a
 * {@code /mozilla.org/...}-style prefix), a Windows zone name through CLDR windowsZones, the feed's own VTIMEZONE
 * (built with ical4j only when needed), and finally the feed's default zone, reported as a problem.
 */
final class ZoneResolver {

    private final Map<String, String> timezones;
    private final ZoneId defaultZone;
    private final List<FeedProblem> problems;
    private final Map<String, ZoneRules> cache = new HashMap<>();
    private final Set<ZoneRules> builtFromFeed = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The last TZIDs resolved from bytes, and their rules: a feed names a few zones on many lines. */
    private final byte[][] recentNames = new byte[8][];
    private final ZoneRules[] recentRules = new ZoneRules[8];
    private int recentNext;

    ZoneResolver(Map<String, String> timezones, ZoneId defaultZone, List<FeedProblem> problems) {
        this.timezones = timezones;
        this.defaultZone = defaultZone;
        this.problems = problems;
    }

    /** As {@link #resolve(String, int)}, for the TZID parameter {@code b[from, to)} of a line (quotes removed). */
    ZoneRules resolve(byte[] b, int from, int to, int lineNumber) {
        for (int i = 0; i < recentNames.length && recentNames[i] != null; i++) {
            byte[] name = recentNames[i];
            if (name.length == to - from && Arrays.equals(b, from, to, name, 0, name.length)) {
                return recentRules[i];
            }
        }
        ZoneRules rules = resolve(new String(b, from, to - from, StandardCharsets.UTF_8), lineNumber);
        int slot = recentNext;
        recentNames[slot] = Arrays.copyOfRange(b, from, to);
        recentRules[slot] = rules;
        recentNext = (slot + 1) % recentNames.length;
        return rules;
    }

    ZoneRules resolve(String tzidParam, int lineNumber) {
        ZoneRules cached = cache.get(tzidParam);
        if (cached != null) {
            return cached;
        }
        ZoneRules rules = lookup(IcsLexer.unquote(tzidParam), lineNumber);
        cache.put(tzidParam, rules);
        return rules;
    }

    private ZoneRules lookup(String tzid, int lineNumber) {
        ZoneRules rules = iana(tzid);
        if (rules != null) {
            return rules;
        }
        String windows = WindowsZones.toIana(tzid);
        if (windows != null) {
            return ZoneId.of(windows).getRules();
        }
        String vtimezone = timezones.get(tzid);
        if (vtimezone != null) {
            rules = fromVTimeZone(tzid, vtimezone);
            if (rules != null) {
                builtFromFeed.add(rules);
                return rules;
            }
        }
        problems.add(new FeedProblem(lineNumber, null,
                "unknown TZID '" + tzid + "'; times read in " + defaultZone.getId()));
        return defaultZone.getRules();
    }

    /**
     * Whether these rules were built from the feed's own VTIMEZONE: unlike the JDK's time-zone database, such rules
     * may contradict themselves (observances whose offsets do not follow on from each other).
     */
    boolean builtFromFeed(ZoneRules rules) {
        return builtFromFeed.contains(rules);
    }

    /** Parses a zone id as written by calendars that use IANA names. */
    static ZoneRules iana(String tzid) {
        String id = tzid.trim();
        if (id.isEmpty()) {
            return null;
        }
        if (id.equalsIgnoreCase("UTC") || id.equalsIgnoreCase("GMT") || id.equalsIgnoreCase("Z")
                || id.equalsIgnoreCase("Etc/UTC")) {
            return ZoneOffset.UTC.getRules();
        }
        String candidate = id;
        while (true) {
            if (candidate.indexOf('/') > 0 || candidate.startsWith("Etc")) {
                try {
                    return ZoneId.of(candidate).getRules();
                } catch (DateTimeException e) {
                    // try a shorter suffix
                }
            }
            int slash = candidate.indexOf('/', candidate.startsWith("/") ? 1 : 0);
            if (slash < 0) {
                return null;
            }
            candidate = candidate.substring(slash + 1);
        }
    }

    private ZoneRules fromVTimeZone(String tzid, String text) {
        try {
            String calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calroom//zone//EN\r\n" + text
                    + "END:VCALENDAR\r\n";
            Calendar cal = new CalendarBuilder().build(new StringReader(calendar));
            VTimeZone vtz = cal.<VTimeZone>getComponent(Component.VTIMEZONE).orElse(null);
            if (vtz == null) {
                return null;
            }
            return new ZoneRulesBuilder().vTimeZone(vtz).build();
        } catch (Exception | LinkageError e) {
            ZoneOffset offset = standardOffset(text);
            if (offset != null) {
                problems.add(new FeedProblem(0, null, "VTIMEZONE '" + tzid + "' could not be built ("
                        + e.getClass().getSimpleName() + "); using its fixed offset " + offset));
                return offset.getRules();
            }
            return null;
        }
    }

    /** The TZOFFSETTO of the STANDARD observance, for a VTIMEZONE ical4j cannot build. */
    private static ZoneOffset standardOffset(String text) {
        int std = text.indexOf("BEGIN:STANDARD");
        int at = text.indexOf("TZOFFSETTO:", Math.max(std, 0));
        if (at < 0) {
            return null;
        }
        int end = text.indexOf('\r', at);
        String value = text.substring(at + "TZOFFSETTO:".length(), end < 0 ? text.length() : end).trim();
        try {
            if (value.length() == 5) {
                value = value.substring(0, 3) + ":" + value.substring(3);
            }
            return ZoneOffset.of(value);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
