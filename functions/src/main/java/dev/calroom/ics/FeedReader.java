package dev.calroom.ics;

import dev.calroom.domain.Attendee;
import dev.calroom.domain.EventStatus;
import dev.calroom.domain.EventTime;
import dev.calroom.domain.Occurrence;
import net.fortuna.ical4j.model.Recur;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an iCalendar feed into the occurrences that overlap a window.
 *
 * <p>The feed is split without building ical4j components; each VEVENT is read only as far as needed to know
 * whether it can reach the window, and only events that can are materialised. Recurrence rules are expanded with
 * ical4j's {@link Recur} in the event's local wall-clock time (so DST keeps 9:00 at 9:00), then placed in their zone.
 * Every series is bounded: at most {@link #MAX_INSTANCES_PER_SERIES} instances in the window, and a COUNT-limited
 * rule is counted arithmetically where it can be, so a FREQ=SECONDLY rule or a million-instance series stays fast.
 *
 * <p>Instances are keyed by their original start (RECURRENCE-ID); EXDATE removes instances (by instant, or by date
 * for VALUE=DATE), overrides replace them wherever they move, and STATUS:CANCELLED marks a series or an instance.
 * A broken VEVENT is skipped and reported as a {@link FeedProblem}; it never fails the feed.
 */
public final class FeedReader {

    public static final int MAX_INSTANCES_PER_SERIES = 2000;
    public static final int MAX_OCCURRENCES = 200_000;
    /** COUNT-limited rules with BY parts are not walked over more periods than this before the window. */
    static final long MAX_COUNTED_PERIODS = 200_000;

    private static final ZoneRules UTC = ZoneOffset.UTC.getRules();
    private static final Set<String> MATCH_PROPERTIES = Set.of("LOCATION", "DESCRIPTION", "URL", "CONFERENCE",
            "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
            "X-MICROSOFT-ONLINEMEETINGCONFLINK", "X-ALT-DESC");

    /** A small feed that takes the reader's common paths: zones by IANA and Windows name, a weekly series with an
     * excluded and a moved instance, an all-day event, a folded description. */
    private static final String WARM_UP_FEED = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0",
            "PRODID:-//calroom//warm-up//EN", "X-WR-TIMEZONE:Europe/Berlin", "BEGIN:VEVENT", "UID:w1",
            "DTSTAMP:20260101T000000Z", "LAST-MODIFIED:20260101T000000Z", "SEQUENCE:1",
            "DTSTART;TZID=Europe/Berlin:20260105T090000", "DTEND;TZID=Europe/Berlin:20260105T093000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO", "EXDATE;TZID=Europe/Berlin:20260112T090000", "SUMMARY:Warm-up",
            "LOCATION:https://rooms.example/warm", "DESCRIPTION:Agenda\\, notes and", " more",
            "ATTENDEE;CN=A;PARTSTAT=ACCEPTED:mailto:a@example.com", "ORGANIZER;CN=B:mailto:b@example.com",
            "END:VEVENT", "BEGIN:VEVENT", "UID:w1", "RECURRENCE-ID;TZID=Europe/Berlin:20260119T090000",
            "DTSTART;TZID=Europe/Berlin:20260119T110000", "DTEND;TZID=Europe/Berlin:20260119T113000",
            "SUMMARY:Moved", "END:VEVENT", "BEGIN:VEVENT", "UID:w2", "DTSTAMP:20260101T000000Z",
            "DTSTART;TZID=W. Europe Standard Time:20260106T100000", "DURATION:PT1H", "SUMMARY:Single",
            "END:VEVENT", "BEGIN:VEVENT", "UID:w3", "DTSTART;VALUE=DATE:20260107", "SUMMARY:All day", "END:VEVENT",
            "END:VCALENDAR", "");

    /**
     * Reads a small built-in feed, so that a short-lived process (the command-line preview) can take the reader's
     * class initialisation and first compilations on a second core while it reads its own feed.
     */
    public static void warmUp() {
        try {
            new FeedReader().read(WARM_UP_FEED.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2026-03-01T00:00:00Z"), null);
        } catch (FeedParseException e) {
            throw new IllegalStateException("the warm-up feed does not parse", e);
        }
    }

    /** Reads a feed; floating times are read in X-WR-TIMEZONE, else {@code zone}, else UTC. */
    public FeedReadResult read(String text, Instant from, Instant to, ZoneId zone) throws FeedParseException {
        return read(text.getBytes(StandardCharsets.UTF_8), from, to, zone);
    }

    /** Reads a feed from its UTF-8 bytes, as fetched; see {@link #read(String, Instant, Instant, ZoneId)}. */
    public FeedReadResult read(byte[] utf8, Instant from, Instant to, ZoneId zone) throws FeedParseException {
        return read(utf8, from, to, zone, DistantEvents.around(from, to));
    }

    /** Reads a feed, keeping every line of every event when {@code distant} is null (the result is the same). */
    FeedReadResult read(byte[] utf8, Instant from, Instant to, ZoneId zone, DistantEvents distant)
            throws FeedParseException {
        IcsDocument doc = IcsLexer.lex(utf8, distant);
        List<FeedProblem> problems = new ArrayList<>(doc.problems());
        ZoneId xwr = xWrTimezone(doc.calendarProperties().get("X-WR-TIMEZONE"));
        ZoneId calendarZone = xwr != null ? xwr : zone != null ? zone : ZoneOffset.UTC;
        Run run = new Run(from, to, calendarZone, xwr != null,
                new ZoneResolver(doc.timezones(), calendarZone, problems), problems);
        run.readAll(doc.events());
        run.out.sort(Comparator.comparing((Occurrence o) -> o.start().instant())
                .thenComparing(o -> o.end().instant()).thenComparing(Occurrence::uid));
        return new FeedReadResult(run.out, doc.events().size(), problems, calendarZone);
    }

    private static ZoneId xWrTimezone(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String id = IcsLexer.unquote(value);
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            String windows = WindowsZones.toIana(id);
            return windows == null ? null : ZoneId.of(windows);
        }
    }

    /** The key lines of one VEVENT, read in one pass. */
    private static final class Parts {
        /**
         * The event's lines; dropped (null) once a one-off event or a single-instance override is known to miss the
         * window. Such a one-off event is then kept only for what it tells about its UID (its start and end go too);
         * such an override for the instance it replaces.
         */
        RawEvent raw;
        /** The line the VEVENT begins on. */
        int line;
        String uid;
        List<ContentLine> rrules;
        ContentLine recurrenceId;
        ContentLine lastModified;
        ContentLine dtstamp;
        boolean thisAndFuture;
        List<ContentLine> rdates;
        List<ContentLine> exdates;
        int sequence;
        IcsValue start;
        ZoneRules rules;
        boolean allDay;
        /** A floating start (no zone, no Z). */
        boolean floating;
        EndSpec end;
        /** For a master: the keys of the instances its overrides replace, and its THISANDFUTURE overrides. */
        Set<String> overridden = Set.of();
        List<Future> futures = List.of();

        boolean recurring() {
            return rrules != null || rdates != null;
        }

        /** An override with RANGE=THISANDFUTURE: it changes its instance and every later one. */
        boolean thisAndFuture() {
            return thisAndFuture;
        }
    }

    /** How an instance's end follows from its start: nominal days, then wall-clock seconds, then exact seconds. */
    private record EndSpec(long days, long localSeconds, long exactSeconds) {
        long spanSeconds() {
            return days * 86_400 + localSeconds + exactSeconds + 7_200;
        }
    }

    /** One instance of a series before overrides: its local start and, for an RDATE period, its own end. */
    private record Candidate(LocalDateTime local, Instant end) {
    }

    /** A THISANDFUTURE override: the instance it starts at, the wall-clock shift it applies, and its properties. */
    private record Future(Instant originalStart, long shiftSeconds, Parts override) {
    }

    /**
     * An RRULE's text taken apart, as far as it does not depend on its series: its FREQ, COUNT, INTERVAL, BYDAY and
     * WKST (upper-cased), whether it has other BY parts, the rule as ical4j reads it (UNTIL left out, WKST=MO added
     * when absent: RFC 5545 3.3.10 starts weeks on Monday, ical4j on Sunday), its UNTIL values in the order written
     * (each series reads them in its own zone), and a non-Gregorian RSCALE, after which nothing is read (null when
     * there is none).
     */
    private record RuleParts(String freq, long count, int interval, boolean byParts, boolean otherByParts,
                             String byDay, int[] days, int firstDay, String rule, List<String> untils,
                             String unsupportedScale) {

        static RuleParts of(String text) {
            String value = text.trim();
            StringBuilder rule = new StringBuilder(value.length());
            String freq = null;
            long count = -1;
            int interval = 1;
            boolean byParts = false;
            boolean otherByParts = false;
            String byDay = null;
            String weekStart = "MO";
            List<String> untils = new ArrayList<>(1);
            String unsupportedScale = null;
            for (String part : value.split(";")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = part.substring(0, eq).trim().toUpperCase(Locale.ROOT);
                String val = part.substring(eq + 1).trim();
                switch (key) {
                    case "UNTIL" -> {
                        untils.add(val);
                        continue;
                    }
                    case "RSCALE" -> {
                        if (!val.equalsIgnoreCase("GREGORIAN")) {
                            unsupportedScale = val;
                        }
                    }
                    case "FREQ" -> freq = val.toUpperCase(Locale.ROOT);
                    case "COUNT" -> count = parseLong(val);
                    case "INTERVAL" -> interval = Math.max(1, (int) Math.min(parseLong(val), 100_000));
                    case "WKST" -> weekStart = val.toUpperCase(Locale.ROOT);
                    case "BYDAY" -> {
                        byParts = true;
                        byDay = val.toUpperCase(Locale.ROOT);
                    }
                    default -> {
                        if (key.startsWith("BY")) {
                            byParts = true;
                            otherByParts = true;
                        }
                    }
                }
                if (unsupportedScale != null) {
                    break;
                }
                if (!rule.isEmpty()) {
                    rule.append(';');
                }
                rule.append(key).append('=').append(val.toUpperCase(Locale.ROOT));
            }
            if (!rule.toString().contains("WKST=")) {
                rule.append(";WKST=MO");
            }
            int[] wkst = weekdays(weekStart);
            return new RuleParts(freq, count, interval, byParts, otherByParts, byDay,
                    byDay == null ? null : weekdays(byDay), wkst == null || wkst.length != 1 ? -1 : wkst[0],
                    rule.toString(), untils, unsupportedScale);
        }
    }

    private final class Run {
        final Instant from;
        final Instant to;
        final ZoneId calendarZone;
        final ZoneRules floatingRules;
        final boolean floatingIsZoned;
        final ZoneResolver zones;
        final List<FeedProblem> problems;
        final List<Occurrence> out = new ArrayList<>();
        final Map<String, Recur<LocalDateTime>> recurCache = new HashMap<>();
        /** Each rule text of the feed taken apart, once. */
        final Map<String, RuleParts> ruleParts = new HashMap<>();
        final ZoneLookups zoneLookups;

        Run(Instant from, Instant to, ZoneId calendarZone, boolean floatingIsZoned, ZoneResolver zones,
            List<FeedProblem> problems) {
            this.from = from;
            this.to = to;
            this.calendarZone = calendarZone;
            this.floatingRules = calendarZone.getRules();
            this.floatingIsZoned = floatingIsZoned;
            this.zones = zones;
            this.zoneLookups = new ZoneLookups(zones::builtFromFeed);
            this.problems = problems;
        }

        void readAll(List<RawEvent> events) {
            Map<String, Parts> masters = LinkedHashMap.newLinkedHashMap(events.size());
            List<Parts> overrides = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                // The lexed events are consumed as they are read, so that what misses the window is not held.
                Parts p = parts(events.set(i, null));
                if (p == null) {
                    continue;
                }
                if (p.recurrenceId != null) {
                    overrides.add(p);
                } else {
                    Parts previous = masters.put(p.uid, p);
                    if (previous != null) {
                        problems.add(new FeedProblem(p.line, p.uid,
                                "UID appears twice; the copy with the higher SEQUENCE (or the later one) is read"));
                        if (previous.sequence > p.sequence) {
                            masters.put(p.uid, previous);
                        }
                    }
                }
            }
            // One override per instance: of duplicates, the higher SEQUENCE, then the later LAST-MODIFIED/DTSTAMP.
            Map<String, Map<String, Parts>> overridesByUid = LinkedHashMap.newLinkedHashMap(overrides.size());
            for (Parts o : overrides) {
                String key = overrideKey(o, masters.get(o.uid));
                if (key == null) {
                    continue;
                }
                Map<String, Parts> byKey = overridesByUid.computeIfAbsent(o.uid,
                        k -> LinkedHashMap.newLinkedHashMap(1));
                Parts previous = byKey.get(key);
                if (previous != null) {
                    problems.add(new FeedProblem(o.line, o.uid, "RECURRENCE-ID " + o.recurrenceId.value()
                            .trim() + " appears twice; the copy with the higher SEQUENCE (or the later one) is read"));
                    if (!supersedes(o, previous)) {
                        continue;
                    }
                }
                byKey.put(key, o);
            }
            for (Map.Entry<String, Map<String, Parts>> e : overridesByUid.entrySet()) {
                Parts master = masters.get(e.getKey());
                for (Map.Entry<String, Parts> ke : e.getValue().entrySet()) {
                    Parts o = ke.getValue();
                    String key = ke.getKey();
                    // Only an override that shows (in the window, or moving later instances) needs the check.
                    if (master != null && master.recurring() && o.sequence < master.sequence
                            && (o.thisAndFuture() || reachesWindow(o)) && !isInstance(master, key)) {
                        // The series was changed after this override was made (shortened, or the instance
                        // excluded): the override belongs to an instance the series no longer has.
                        problems.add(new FeedProblem(o.line, o.uid, "override of "
                                + o.recurrenceId.value().trim() + " is older (SEQUENCE " + o.sequence
                                + ") than its series (SEQUENCE " + master.sequence
                                + "), which no longer has that instance; dropped"));
                        continue;
                    }
                    if (master != null) {
                        if (master.overridden.isEmpty()) {
                            master.overridden = new HashSet<>();
                        }
                        master.overridden.add(key);
                        if (o.thisAndFuture() && master.recurring()) {
                            if (master.futures.isEmpty()) {
                                master.futures = new ArrayList<>(1);
                            }
                            master.futures.add(future(o, master));
                        }
                    }
                    single(o, master, true);
                }
            }
            for (Parts m : masters.values()) {
                if (out.size() >= MAX_OCCURRENCES) {
                    problems.add(new FeedProblem(0, null, "more than " + MAX_OCCURRENCES
                            + " occurrences in the window; the rest are not read"));
                    return;
                }
                Set<String> overridden = m.overridden;
                if (m.recurring()) {
                    List<Future> fs = m.futures;
                    if (fs.size() > 1) {
                        fs.sort(Comparator.comparing(Future::originalStart));
                    }
                    series(m, overridden, fs);
                } else if (m.raw != null && (overridden.isEmpty()
                        || !overridden.contains(instanceKey(m, localOf(m.start, m.rules))))) {
                    single(m, null, false);
                }
            }
        }

        /** Whether a single event or override overlaps the window. */
        private boolean reachesWindow(Parts p) {
            LocalDateTime local = localOf(p.start, p.rules);
            Instant start = zoneLookups.toInstant(local, p.rules);
            return overlaps(start, endInstant(p, local, start));
        }

        /** Whether override {@code o} replaces an earlier-read override of the same instance. */
        private boolean supersedes(Parts o, Parts previous) {
            if (o.sequence != previous.sequence) {
                return o.sequence > previous.sequence;
            }
            Instant a = stamp(o);
            Instant b = stamp(previous);
            if (a != null && b != null && !a.equals(b)) {
                return a.isAfter(b);
            }
            return true; // identical or undated: the later copy, which for identical copies changes nothing
        }

        private Instant stamp(Parts p) {
            ContentLine l = p.lastModified != null ? p.lastModified : p.dtstamp;
            return l == null ? null : utcInstant(l.value());
        }

        /** Whether the series, as it now stands, has the instance an override key names. */
        private boolean isInstance(Parts m, String key) {
            Instant lo;
            Instant hi;
            if (key.startsWith("D:")) {
                LocalDate d = LocalDate.parse(key.substring(2));
                lo = zoneLookups.toInstant(d.atStartOfDay(), m.rules).minusSeconds(3600);
                hi = zoneLookups.toInstant(d.plusDays(1).atStartOfDay(), m.rules).plusSeconds(3600);
            } else {
                Instant at = Instant.ofEpochSecond(Long.parseLong(key.substring(2)));
                lo = at.minusSeconds(1);
                hi = at.plusSeconds(1);
            }
            for (Candidate c : candidates(m, lo, hi, 0, false)) {
                if (instanceKey(m, c.local()).equals(key)
                        || !m.allDay && key.equals("D:" + c.local().toLocalDate())) {
                    return true;
                }
            }
            return false;
        }

        private String instanceKey(Parts m, LocalDateTime local) {
            return m.allDay ? "D:" + local.toLocalDate() : "T:" + zoneLookups.toInstant(local, m.rules).getEpochSecond();
        }

        /** A THISANDFUTURE override as it applies to later instances: the wall-clock shift and the new length. */
        private Future future(Parts o, Parts master) {
            ContentLine rid = o.recurrenceId;
            IcsValue v = IcsValues.parse(rid, zones);
            LocalDateTime original = localOf(v, master.rules);
            LocalDateTime moved = localOf(o.start, master.rules);
            return new Future(zoneLookups.toInstant(original, master.rules),
                    Duration.between(original, moved).getSeconds(), o);
        }

        /** Reads the key lines of a VEVENT; null (and a problem) when it cannot be an occurrence. */
        private Parts parts(RawEvent raw) {
            Parts p = new Parts();
            p.raw = raw;
            p.line = raw.lineNumber();
            ContentLine dtstart = null;
            ContentLine dtend = null;
            ContentLine duration = null;
            for (ContentLine l : raw.lines()) {
                switch (l.name()) {
                    case "UID" -> p.uid = l.value().trim();
                    case "DTSTART" -> dtstart = dtstart == null ? l : dtstart;
                    case "DTEND" -> dtend = dtend == null ? l : dtend;
                    case "DURATION" -> duration = duration == null ? l : duration;
                    case "RRULE" -> {
                        if (p.rrules == null) {
                            p.rrules = new ArrayList<>(1);
                        }
                        p.rrules.add(l);
                    }
                    case "LAST-MODIFIED" -> p.lastModified = l;
                    case "DTSTAMP" -> p.dtstamp = l;
                    case "RECURRENCE-ID" -> {
                        p.recurrenceId = l;
                        p.thisAndFuture = "THISANDFUTURE".equalsIgnoreCase(l.param("RANGE"));
                    }
                    case "RDATE" -> {
                        if (p.rdates == null) {
                            p.rdates = new ArrayList<>(2);
                        }
                        p.rdates.add(l);
                    }
                    case "EXDATE" -> {
                        if (p.exdates == null) {
                            p.exdates = new ArrayList<>(2);
                        }
                        p.exdates.add(l);
                    }
                    case "SEQUENCE" -> p.sequence = sequence(l);
                    default -> {
                    }
                }
            }
            if (p.recurrenceId == null) {
                // Only overrides are told apart by their revision times: a series or one-off event need not hold them.
                p.lastModified = null;
                p.dtstamp = null;
            }
            if (p.uid == null || p.uid.isEmpty()) {
                p.uid = "calroom-generated-" + Integer.toHexString((raw.lineNumber() + ":"
                        + (dtstart == null ? "" : dtstart.value()) + raw.value("SUMMARY")).hashCode());
                problems.add(new FeedProblem(raw.lineNumber(), null, "VEVENT without UID; read as " + p.uid));
            }
            if (dtstart == null) {
                problems.add(new FeedProblem(raw.lineNumber(), p.uid, "VEVENT without DTSTART skipped"));
                return null;
            }
            p.start = IcsValues.parse(dtstart, zones);
            if (p.start == null) {
                problems.add(new FeedProblem(dtstart.lineNumber(), p.uid,
                        "DTSTART '" + dtstart.value().trim() + "' is not a date or date-time; VEVENT skipped"));
                return null;
            }
            p.allDay = p.start instanceof IcsValue.Date;
            p.rules = p.start instanceof IcsValue.DateTime dt && dt.rules() != null ? dt.rules() : floatingRules;
            p.floating = p.start instanceof IcsValue.DateTime dt && dt.floating();
            p.end = endSpec(p, dtend, duration);
            if (!p.recurring() && !p.thisAndFuture && !reachesWindow(p)) {
                // It never becomes an occurrence: its lines go, and a one-off event keeps only what tells it apart
                // (UID, SEQUENCE, whether all-day or floating, its zone) for duplicates and for overrides that
                // name it, so that a large feed's far events hold little while the rest is read.
                p.raw = null;
                if (p.recurrenceId == null) {
                    p.start = null;
                    p.end = null;
                }
            }
            return p;
        }

        private EndSpec endSpec(Parts p, ContentLine dtend, ContentLine duration) {
            if (dtend != null) {
                IcsValue end = IcsValues.parse(dtend, zones);
                if (end == null) {
                    problems.add(new FeedProblem(dtend.lineNumber(), p.uid, "DTEND is malformed; ignored"));
                } else {
                    EndSpec spec = endFrom(p, end);
                    if (spec.days < 0 || spec.localSeconds < 0 || spec.exactSeconds < 0
                            || spec.days * 86_400 + spec.localSeconds + spec.exactSeconds < 0) {
                        problems.add(new FeedProblem(dtend.lineNumber(), p.uid,
                                "DTEND is before DTSTART; read as zero length"));
                        return p.allDay ? new EndSpec(1, 0, 0) : new EndSpec(0, 0, 0);
                    }
                    if (p.allDay && spec.days == 0) {
                        return new EndSpec(1, 0, 0);
                    }
                    return spec;
                }
            }
            if (duration != null) {
                long[] d = IcsValues.duration(duration.value());
                if (d == null || d[0] < 0 || d[1] < 0) {
                    problems.add(new FeedProblem(duration.lineNumber(), p.uid,
                            "DURATION '" + duration.value().trim() + "' is malformed or negative; ignored"));
                } else if (p.allDay) {
                    return new EndSpec(Math.max(1, d[0] + d[1] / 86_400), 0, 0);
                } else {
                    return new EndSpec(d[0], 0, d[1]);
                }
            }
            // RFC 5545 3.6.1: a DATE start lasts one day, a DATE-TIME start has no length.
            return p.allDay ? new EndSpec(1, 0, 0) : new EndSpec(0, 0, 0);
        }

        private EndSpec endFrom(Parts p, IcsValue end) {
            if (p.start instanceof IcsValue.Date sd) {
                LocalDate endDate = end instanceof IcsValue.Date ed ? ed.date() : ((IcsValue.DateTime) end).local()
                        .toLocalDate();
                return new EndSpec(ChronoUnit.DAYS.between(sd.date(), endDate), 0, 0);
            }
            IcsValue.DateTime sdt = (IcsValue.DateTime) p.start;
            if (end instanceof IcsValue.DateTime edt && (edt.rules() == sdt.rules() || edt.floating())) {
                // Same zone (or a floating DTEND beside a zoned DTSTART): the wall-clock length is kept.
                return new EndSpec(0, secondsBetween(sdt.local(), edt.local()), 0);
            }
            Instant s = instantOf(p.start, p.rules);
            Instant e = instantOf(end, p.rules);
            return new EndSpec(0, 0, Duration.between(s, e).getSeconds());
        }

        private Instant instantOf(IcsValue v, ZoneRules fallback) {
            if (v instanceof IcsValue.Date d) {
                return zoneLookups.toInstant(d.date().atStartOfDay(), fallback);
            }
            IcsValue.DateTime dt = (IcsValue.DateTime) v;
            return zoneLookups.toInstant(dt.local(), dt.rules() != null ? dt.rules() : fallback);
        }

        private LocalDateTime localOf(IcsValue v, ZoneRules rules) {
            if (v instanceof IcsValue.Date d) {
                return d.date().atStartOfDay();
            }
            IcsValue.DateTime dt = (IcsValue.DateTime) v;
            if (dt.rules() == null || dt.rules() == rules) {
                return dt.local();
            }
            return zoneLookups.toLocal(zoneLookups.toInstant(dt.local(), dt.rules()), rules);
        }

        // ---- non-recurring events and overrides

        /** A one-off event, or an override of {@code master}'s instance (master null when the series is missing). */
        private void single(Parts p, Parts master, boolean override) {
            LocalDateTime local = localOf(p.start, p.rules);
            Instant start = zoneLookups.toInstant(local, p.rules);
            Instant end = endInstant(p, local, start);
            if (!overlaps(start, end)) {
                return;
            }
            out.add(materialise(p, local, start, end, override ? recurrenceIdText(p, master) : null));
        }

        private Instant endInstant(Parts p, LocalDateTime local, Instant start) {
            return endInstant(p.end, p.rules, local, start);
        }

        private Instant endInstant(EndSpec e, ZoneRules rules, LocalDateTime local, Instant start) {
            if (e.days == 0 && e.localSeconds == 0) {
                return start.plusSeconds(e.exactSeconds);
            }
            LocalDateTime endLocal = local.plusDays(e.days).plusSeconds(e.localSeconds);
            return zoneLookups.toInstant(endLocal, rules).plusSeconds(e.exactSeconds);
        }

        private boolean overlaps(Instant s, Instant e) {
            return Occurrence.overlaps(s, e, from, to);
        }

        // ---- recurring series

        private void series(Parts m, Set<String> overridden, List<Future> futures) {
            long reach = 0;
            for (Future f : futures) {
                reach = Math.max(reach, Math.abs(f.shiftSeconds()) + f.override().end.spanSeconds());
            }
            int emitted = 0;
            for (Candidate c : candidates(m, from, to, reach, true)) {
                LocalDateTime original = c.local();
                Instant originalStart = zoneLookups.toInstant(original, m.rules);
                if (!overridden.isEmpty() && (overridden.contains(m.allDay ? "D:" + original.toLocalDate()
                        : "T:" + originalStart.getEpochSecond())
                        || !m.allDay && overridden.contains("D:" + original.toLocalDate()))) {
                    continue;
                }
                Parts source = m;
                LocalDateTime local = original;
                Instant start = originalStart;
                Instant end;
                Future f = futureFor(futures, originalStart);
                if (f != null) {
                    source = f.override();
                    local = original.plusSeconds(f.shiftSeconds());
                    start = zoneLookups.toInstant(local, m.rules);
                    end = endInstant(source.end, m.rules, local, start);
                } else {
                    end = c.end() != null ? c.end() : endInstant(m, local, start);
                }
                if (!overlaps(start, end)) {
                    continue;
                }
                if (emitted++ >= MAX_INSTANCES_PER_SERIES) {
                    problems.add(new FeedProblem(m.line, m.uid, "more than " + MAX_INSTANCES_PER_SERIES
                            + " instances in the window; the rest are not read"));
                    break;
                }
                out.add(materialise(source, local, start, end, instanceId(m, original, originalStart)));
            }
        }

        /** The latest THISANDFUTURE override whose instance comes before this one, or null. */
        private Future futureFor(List<Future> futures, Instant originalStart) {
            Future found = null;
            for (Future f : futures) {
                if (f.originalStart().isBefore(originalStart)) {
                    found = f;
                }
            }
            return found;
        }

        /**
         * The instances of a series (DTSTART, every RRULE, RDATE) that can reach [lo, hi), sorted, each once, with
         * EXDATE applied; {@code reach} seconds more on both sides. RDATE periods carry their own end.
         */
        private List<Candidate> candidates(Parts m, Instant lo, Instant hi, long reach, boolean report) {
            LocalDateTime seed = localOf(m.start, m.rules);
            List<FeedProblem> sink = report ? problems : new ArrayList<>();
            Map<LocalDateTime, Instant> periodEnds = null;
            List<LocalDateTime> rdateStarts = null;
            long longestPeriod = 0;
            if (m.rdates != null) {
                rdateStarts = new ArrayList<>();
                for (ContentLine l : m.rdates) {
                    for (IcsValues.DateItem item : IcsValues.parseItems(l, zones, sink, m.uid)) {
                        LocalDateTime local = localOf(item.start(), m.rules);
                        rdateStarts.add(local);
                        Instant periodEnd = periodEnd(m, item, local);
                        if (periodEnd != null) {
                            if (periodEnds == null) {
                                periodEnds = new HashMap<>();
                            }
                            periodEnds.put(local, periodEnd);
                            longestPeriod = Math.max(longestPeriod, Duration.between(
                                    zoneLookups.toInstant(local, m.rules), periodEnd).getSeconds());
                        }
                    }
                }
            }
            Instant seedInstant = zoneLookups.toInstant(seed, m.rules);
            if (!seedInstant.isBefore(hi.plusSeconds(reach))) {
                return List.of(); // the first instance starts after the window; so do all others
            }
            long span = Math.max(m.end.spanSeconds(), longestPeriod + 7_200) + reach;
            // Local wall-clock bounds; span already carries two hours for DST overlaps.
            LocalDateTime periodStart = zoneLookups.toLocal(lo, m.rules).minusSeconds(span);
            LocalDateTime periodEnd = zoneLookups.toLocal(hi, m.rules).plusHours(2).plusSeconds(reach);
            Instant reachFrom = lo.minusSeconds(reach + Math.max(0, longestPeriod - m.end.spanSeconds()));

            List<LocalDateTime> starts = new ArrayList<>();
            boolean seedInSet = m.rrules == null;
            if (m.rrules != null) {
                for (ContentLine rule : m.rrules) {
                    seedInSet |= expandRule(m, rule, seed, periodStart, periodEnd, reachFrom, starts, sink);
                }
            }
            if (seedInSet) {
                starts.add(seed);
            }
            if (rdateStarts != null) {
                starts.addAll(rdateStarts);
            }
            Set<Instant> exInstants = Set.of();
            Set<LocalDate> exDates = Set.of();
            if (m.exdates != null) {
                exInstants = new HashSet<>();
                exDates = new HashSet<>();
                for (ContentLine l : m.exdates) {
                    for (IcsValue v : IcsValues.parseList(l, zones, sink, m.uid)) {
                        if (v instanceof IcsValue.Date d) {
                            exDates.add(d.date());
                        } else if (m.allDay) {
                            exDates.add(localOf(v, m.rules).toLocalDate());
                        } else {
                            exInstants.add(instantOf(v, m.rules));
                        }
                    }
                }
            }
            starts.sort(null);
            List<Candidate> out = new ArrayList<>(Math.min(starts.size(), MAX_INSTANCES_PER_SERIES + 1));
            LocalDateTime last = null;
            for (LocalDateTime local : starts) {
                if (local.equals(last) || local.isBefore(periodStart) || local.isAfter(periodEnd)) {
                    continue;
                }
                last = local;
                if (m.allDay ? exDates.contains(local.toLocalDate())
                        : exInstants.contains(zoneLookups.toInstant(local, m.rules))
                        || exDates.contains(local.toLocalDate())) {
                    continue;
                }
                out.add(new Candidate(local, periodEnds == null ? null : periodEnds.get(local)));
            }
            return out;
        }

        /** The end of an RDATE period, or null when the value is a plain date or date-time. */
        private Instant periodEnd(Parts m, IcsValues.DateItem item, LocalDateTime local) {
            Instant start = zoneLookups.toInstant(local, m.rules);
            if (item.periodEnd() != null) {
                Instant end = instantOf(item.periodEnd(), m.rules);
                return end.isBefore(start) ? start : end;
            }
            if (item.periodLength() != null) {
                long[] d = item.periodLength();
                return endInstant(new EndSpec(d[0], 0, d[1]), m.rules, local, start);
            }
            return null;
        }

        /**
         * Adds the starts of one RRULE that fall in [periodStart, periodEnd] and end at or after {@code reachFrom};
         * answers whether DTSTART belongs to this rule's set (not when its UNTIL comes before DTSTART).
         */
        private boolean expandRule(Parts m, ContentLine rrule, LocalDateTime seed, LocalDateTime periodStart,
                                   LocalDateTime periodEnd, Instant reachFrom, List<LocalDateTime> starts,
                                   List<FeedProblem> sink) {
            // A feed repeats a few rule texts over many series: each is taken apart once per read.
            String value = rrule.value();
            RuleParts parts = ruleParts.computeIfAbsent(value, RuleParts::of);
            LocalDateTime until = null;
            for (String untilText : parts.untils()) {
                until = untilLocal(m, rrule, untilText);
                if (until == null) {
                    sink.add(new FeedProblem(rrule.lineNumber(), m.uid,
                            "RRULE UNTIL '" + untilText + "' is malformed; ignored"));
                }
            }
            if (parts.unsupportedScale() != null) {
                // RFC 7529: a non-Gregorian rule expanded as Gregorian gives wrong dates.
                sink.add(new FeedProblem(rrule.lineNumber(), m.uid, "RRULE in the " + parts.unsupportedScale()
                        + " calendar (RSCALE) is not supported; only DTSTART read"));
                return true;
            }
            String freq = parts.freq();
            long count = parts.count();
            int interval = parts.interval();
            boolean byParts = parts.byParts();
            boolean otherByParts = parts.otherByParts();
            String byDay = parts.byDay();
            if (freq == null) {
                sink.add(new FeedProblem(rrule.lineNumber(), m.uid, "RRULE without FREQ; only DTSTART read"));
                return true;
            }
            if (until != null && until.isBefore(seed)) {
                // RFC 5545: UNTIL bounds the set inclusively; one before DTSTART leaves the rule with no instance.
                sink.add(new FeedProblem(rrule.lineNumber(), m.uid, "RRULE UNTIL is before DTSTART; the rule has"
                        + " no instances"));
                return false;
            }
            LocalDateTime end = until != null && until.isBefore(periodEnd) ? until : periodEnd;
            if (end.isBefore(seed)) {
                return true;
            }
            ChronoUnit unit = switch (freq) {
                case "SECONDLY" -> ChronoUnit.SECONDS;
                case "MINUTELY" -> ChronoUnit.MINUTES;
                case "HOURLY" -> ChronoUnit.HOURS;
                case "DAILY" -> ChronoUnit.DAYS;
                case "WEEKLY" -> ChronoUnit.WEEKS;
                case "MONTHLY" -> ChronoUnit.MONTHS;
                case "YEARLY" -> ChronoUnit.YEARS;
                default -> null;
            };
            if (unit == null) {
                sink.add(new FeedProblem(rrule.lineNumber(), m.uid, "RRULE FREQ '" + freq
                        + "' is unknown; only DTSTART read"));
                return true;
            }
            if (!byParts && unit.compareTo(ChronoUnit.WEEKS) <= 0) {
                // Instance i is seed + i * INTERVAL units: count them without walking the series.
                long step = interval;
                long first = Math.max(0, unit.between(seed, periodStart) / step - 1);
                int added = 0;
                for (long i = first; count <= 0 || i < count; i++) {
                    LocalDateTime t = seed.plus(i * step, unit);
                    if (t.isAfter(end)) {
                        break;
                    }
                    if (!t.isBefore(periodStart) && reaches(m, t, reachFrom)) {
                        starts.add(t);
                        if (++added > MAX_INSTANCES_PER_SERIES + 2) {
                            break;
                        }
                    }
                }
                return true;
            }
            if (count <= 0 && byDay != null && !otherByParts
                    && (unit == ChronoUnit.DAYS || unit == ChronoUnit.WEEKS)) {
                // The commonest rules of all (weekly on some weekdays, or daily on weekdays) without COUNT: the
                // instances are the listed weekdays of every INTERVAL-th week (or day), found without walking.
                int[] days = parts.days();
                int firstDay = parts.firstDay();
                if (days != null && firstDay > 0) {
                    if (unit == ChronoUnit.WEEKS) {
                        weeklyOnDays(m, seed, interval, days, firstDay, periodStart, end, reachFrom, starts);
                    } else {
                        dailyOnDays(m, seed, interval, days, periodStart, end, reachFrom, starts);
                    }
                    return true;
                }
            }
            if (count > 0 && unit.between(seed, periodStart) / interval > MAX_COUNTED_PERIODS) {
                sink.add(new FeedProblem(rrule.lineNumber(), m.uid, "RRULE with COUNT has more than "
                        + MAX_COUNTED_PERIODS + " periods before the window; only DTSTART read"));
                return true;
            }
            try {
                Recur<LocalDateTime> recur = recurCache.computeIfAbsent(parts.rule(), Recur::new);
                LocalDateTime lower = periodStart.isBefore(seed) ? seed : periodStart;
                // Lazily: stop once more instances than the cap have been produced, so a dense rule costs no
                // more than the cap however long the window. (Through Stream.limit, not an Iterator: ical4j's
                // spliterator reports progress for candidates it skips, which an Iterator takes for the end.)
                starts.addAll(recur.getDatesAsStream(seed, lower, end, -1).filter(t -> reaches(m, t, reachFrom))
                        .limit(MAX_INSTANCES_PER_SERIES + 1).toList());
            } catch (RuntimeException e) {
                sink.add(new FeedProblem(rrule.lineNumber(), m.uid, "RRULE '" + value.trim()
                        + "' cannot be read (" + e.getMessage() + "); only DTSTART read"));
            }
            return true;
        }

        /**
         * FREQ=WEEKLY;BYDAY=... without COUNT: each INTERVAL-th week from DTSTART's (weeks begin on WKST), on the
         * listed weekdays at DTSTART's time, from DTSTART on.
         */
        private void weeklyOnDays(Parts m, LocalDateTime seed, int interval, int[] days, int firstDay,
                                  LocalDateTime periodStart, LocalDateTime end, Instant reachFrom,
                                  List<LocalDateTime> starts) {
            LocalDate seedDate = seed.toLocalDate();
            LocalDate firstWeek = seedDate.minusDays(Math.floorMod(seedDate.getDayOfWeek().getValue() - firstDay, 7));
            int[] offsets = new int[days.length];
            for (int i = 0; i < days.length; i++) {
                offsets[i] = Math.floorMod(days[i] - firstDay, 7);
            }
            Arrays.sort(offsets);
            long k = Math.max(0, ChronoUnit.WEEKS.between(firstWeek, periodStart.toLocalDate()) / interval - 1);
            int added = 0;
            while (true) {
                LocalDate week = firstWeek.plusWeeks(k * interval);
                for (int offset : offsets) {
                    LocalDateTime t = week.plusDays(offset).atTime(seed.toLocalTime());
                    if (t.isAfter(end)) {
                        return;
                    }
                    if (!t.isBefore(seed) && !t.isBefore(periodStart) && reaches(m, t, reachFrom)) {
                        starts.add(t);
                        if (++added > MAX_INSTANCES_PER_SERIES + 2) {
                            return;
                        }
                    }
                }
                k++;
            }
        }

        /** FREQ=DAILY;BYDAY=... without COUNT: every INTERVAL-th day from DTSTART that falls on a listed weekday. */
        private void dailyOnDays(Parts m, LocalDateTime seed, int interval, int[] days, LocalDateTime periodStart,
                                 LocalDateTime end, Instant reachFrom, List<LocalDateTime> starts) {
            boolean[] onDay = new boolean[7];
            for (int day : days) {
                onDay[day - 1] = true;
            }
            int added = 0;
            for (long i = Math.max(0, ChronoUnit.DAYS.between(seed, periodStart) / interval - 1); ; i++) {
                LocalDateTime t = seed.plusDays(i * interval);
                if (t.isAfter(end)) {
                    return;
                }
                if (onDay[t.getDayOfWeek().getValue() - 1] && !t.isBefore(periodStart) && reaches(m, t, reachFrom)) {
                    starts.add(t);
                    if (++added > MAX_INSTANCES_PER_SERIES + 2) {
                        return;
                    }
                }
            }
        }

        /** Whether an instance starting at this local time ends at or after {@code reachFrom}. */
        private boolean reaches(Parts m, LocalDateTime local, Instant reachFrom) {
            Instant start = zoneLookups.toInstant(local, m.rules);
            return !endInstant(m, local, start).isBefore(reachFrom);
        }

        /** UNTIL in the series' local time: UTC converted, floating as written, a DATE through the end of that day. */
        private LocalDateTime untilLocal(Parts m, ContentLine rrule, String val) {
            IcsValue v = IcsValues.parse(val, null, null, zones, rrule.lineNumber());
            if (v == null) {
                return null;
            }
            if (v instanceof IcsValue.Date d) {
                return m.allDay ? d.date().atStartOfDay() : d.date().atTime(23, 59, 59);
            }
            IcsValue.DateTime dt = (IcsValue.DateTime) v;
            if (dt.utc()) {
                LocalDateTime local = zoneLookups.toLocal(zoneLookups.toInstant(dt.local(), UTC), m.rules);
                return m.allDay ? local.toLocalDate().atStartOfDay() : local;
            }
            return m.allDay ? dt.local().toLocalDate().atStartOfDay() : dt.local();
        }

        /** The key an override replaces in its series: the original start's instant, or its date for all-day. */
        private String overrideKey(Parts o, Parts master) {
            ContentLine rid = o.recurrenceId;
            IcsValue v = IcsValues.parse(rid, zones);
            if (v == null) {
                problems.add(new FeedProblem(rid.lineNumber(), o.uid, "RECURRENCE-ID '" + rid.value().trim()
                        + "' is malformed; override skipped"));
                return null;
            }
            boolean seriesAllDay = master != null ? master.allDay : o.allDay;
            ZoneRules rules = master != null ? master.rules : o.rules;
            if (seriesAllDay || v instanceof IcsValue.Date) {
                return "D:" + (v instanceof IcsValue.Date d ? d.date() : ((IcsValue.DateTime) v).local().toLocalDate());
            }
            return "T:" + instantOf(v, rules).getEpochSecond();
        }

        private String recurrenceIdText(Parts o, Parts master) {
            ContentLine rid = o.recurrenceId;
            IcsValue v = IcsValues.parse(rid, zones);
            boolean seriesAllDay = master != null ? master.allDay : o.allDay;
            ZoneRules rules = master != null ? master.rules : o.rules;
            if (seriesAllDay || v instanceof IcsValue.Date) {
                return (v instanceof IcsValue.Date d ? d.date() : ((IcsValue.DateTime) v).local().toLocalDate())
                        .toString();
            }
            IcsValue.DateTime dt = (IcsValue.DateTime) v;
            boolean floatingSeries = master != null ? master.floating : dt.floating();
            if (floatingSeries && !floatingIsZoned) {
                return dt.local().toString();
            }
            return instantOf(v, rules).toString();
        }

        private String instanceId(Parts m, LocalDateTime local, Instant start) {
            if (m.allDay) {
                return local.toLocalDate().toString();
            }
            if (m.floating && !floatingIsZoned) {
                return local.toString();
            }
            return start.toString();
        }

        // ---- materialising an occurrence

        private Occurrence materialise(Parts p, LocalDateTime local, Instant start, Instant end, String recurrenceId) {
            RawEvent raw = p.raw;
            EventTime s;
            EventTime e;
            if (p.allDay) {
                s = new EventTime.AllDay(local.toLocalDate(), start);
                e = new EventTime.AllDay(local.toLocalDate().plusDays(p.end.days), end);
            } else if (p.floating && !floatingIsZoned) {
                s = new EventTime.Floating(local, start);
                e = new EventTime.Floating(zoneLookups.toLocal(end, p.rules), end);
            } else {
                s = new EventTime.Zoned(start, p.rules.getOffset(start));
                e = new EventTime.Zoned(end, p.rules.getOffset(end));
            }
            String summary = null;
            String location = null;
            String description = null;
            String status = null;
            String organizer = null;
            Instant lastModified = null;
            List<String> matchText = new ArrayList<>(3);
            List<Attendee> attendees = List.of();
            for (ContentLine l : raw.lines()) {
                switch (l.name()) {
                    case "SUMMARY" -> summary = IcsValues.text(l.value());
                    case "LOCATION" -> location = IcsValues.text(l.value());
                    case "DESCRIPTION" -> description = IcsValues.text(l.value());
                    case "STATUS" -> status = l.value();
                    case "ORGANIZER" -> organizer = address(l.value());
                    case "LAST-MODIFIED" -> lastModified = utcInstant(l.value());
                    case "ATTENDEE" -> {
                        if (attendees.isEmpty()) {
                            attendees = new ArrayList<>(4);
                        }
                        attendees.add(new Attendee(address(l.value()), l.param("CN"), l.param("PARTSTAT")));
                    }
                    default -> {
                    }
                }
                if (MATCH_PROPERTIES.contains(l.name())) {
                    matchText.add(IcsValues.text(l.value()));
                }
            }
            return new Occurrence(p.uid, recurrenceId, s, e, EventStatus.parse(status), summary, location,
                    description, matchText, attendees, organizer, p.sequence, lastModified);
        }

        private Instant utcInstant(String value) {
            IcsValue v = IcsValues.parse(value, null, null, zones, 0);
            return v == null ? null : instantOf(v, UTC);
        }
    }

    private static String address(String value) {
        String v = value.trim();
        if (v.regionMatches(true, 0, "mailto:", 0, 7)) {
            v = v.substring(7);
        }
        return v;
    }

    private static final List<String> WEEKDAYS = List.of("MO", "TU", "WE", "TH", "FR", "SA", "SU");

    /** The ISO weekday numbers (1 = Monday) of a list of plain weekday codes, or null when any has an ordinal. */
    private static int[] weekdays(String list) {
        String[] codes = list.split(",");
        int[] out = new int[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int day = WEEKDAYS.indexOf(codes[i].trim());
            if (day < 0) {
                return null;
            }
            out[i] = day + 1;
        }
        return out;
    }

    /** A SEQUENCE value as {@link #parseInt} reads it, from the line's bytes when it is plain digits. */
    private static int sequence(ContentLine l) {
        int from = l.valueStart();
        int length = l.valueEnd() - from;
        int v = length > 0 && length <= 9 ? IcsValues.digits(l.bytes(), from, length) : -1;
        return v >= 0 ? v : parseInt(l.value());
    }

    /** The whole seconds from one wall-clock time to another, as {@code Duration.between(a, b).getSeconds()}. */
    private static long secondsBetween(LocalDateTime a, LocalDateTime b) {
        if (a.getNano() != 0 || b.getNano() != 0) {
            return Duration.between(a, b).getSeconds();
        }
        return b.toEpochSecond(ZoneOffset.UTC) - a.toEpochSecond(ZoneOffset.UTC);
    }

    private static int parseInt(String s) {
        long v = parseLong(s);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
