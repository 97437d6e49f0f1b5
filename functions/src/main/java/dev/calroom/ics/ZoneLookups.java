package dev.calroom.ics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Local date-times to instants and back in the zones of one feed, exactly as {@link IcsValue#toInstant} and
 * {@link IcsValue#toLocal} read them (a time in a gap moves forward by the gap, a time in an overlap takes the
 * earlier offset), with each zone's transitions of a year looked up once. The JDK rebuilds a year's transition times
 * on every local lookup of a zone with daylight saving (two allocations per transition), which a feed of tens of
 * thousands of events pays for every start and end. The cached reading assumes what the JDK's time-zone database
 * guarantees, that each transition starts from the offset the previous one left; zones built from a feed's
 * VTIMEZONE, which need not, take the JDK's path, as do years outside 1800-2299.
 */
final class ZoneLookups {

    private static final int FIRST_YEAR = 1800;
    private static final int YEARS = 500;
    /** Transitions this close to a year are read with it: a local time lies at most 18 hours from its instant. */
    private static final long MARGIN_SECONDS = 2 * 86_400L;
    private static final long MIN_SECOND = LocalDate.of(FIRST_YEAR, 1, 1).toEpochDay() * 86_400L;
    private static final long MAX_SECOND = LocalDate.of(FIRST_YEAR + YEARS, 1, 1).toEpochDay() * 86_400L;

    private final Map<ZoneRules, Zone> zones = new IdentityHashMap<>(4);
    private final Predicate<ZoneRules> builtFromFeed;
    private ZoneRules lastRules;
    private Zone last;

    /** @param builtFromFeed tells the zones built from the feed's own definitions, which take the JDK's path */
    ZoneLookups(Predicate<ZoneRules> builtFromFeed) {
        this.builtFromFeed = builtFromFeed;
    }

    /** As {@link IcsValue#toInstant}. */
    Instant toInstant(LocalDateTime local, ZoneRules rules) {
        Year y = rules.isFixedOffset() ? null : zone(rules).year(local.getYear());
        if (y == null) {
            return IcsValue.toInstant(local, rules);
        }
        long ls = local.toEpochSecond(ZoneOffset.UTC);
        return Instant.ofEpochSecond(ls - y.offsetForLocal(ls), local.getNano());
    }

    /** As {@link IcsValue#toLocal}. */
    LocalDateTime toLocal(Instant instant, ZoneRules rules) {
        long s = instant.getEpochSecond();
        // The year of the instant in UTC; its list holds the transitions of two days either side.
        Year y = rules.isFixedOffset() ? null : zone(rules).yearOf(s);
        if (y == null) {
            return IcsValue.toLocal(instant, rules);
        }
        return LocalDateTime.ofEpochSecond(s, instant.getNano(), ZoneOffset.ofTotalSeconds(y.offsetAt(s)));
    }

    private Zone zone(ZoneRules rules) {
        if (rules == lastRules) {
            return last;
        }
        Zone z = zones.get(rules);
        if (z == null) {
            z = new Zone(rules, builtFromFeed.test(rules));
            zones.put(rules, z);
        }
        lastRules = rules;
        last = z;
        return z;
    }

    private static final class Zone {
        private final ZoneRules rules;
        private final Year[] years;

        Zone(ZoneRules rules, boolean jdkOnly) {
            this.rules = rules;
            this.years = jdkOnly ? null : new Year[YEARS];
        }

        /** The year {@link #yearOf} found last. */
        private Year lastYear;

        /** The transitions around the UTC year of an instant, or null as for {@link #year}. */
        Year yearOf(long epochSecond) {
            Year y = lastYear;
            if (y != null && epochSecond >= y.start && epochSecond < y.end) {
                return y;
            }
            if (years == null || epochSecond < MIN_SECOND || epochSecond >= MAX_SECOND) {
                return null;
            }
            y = year(LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L)).getYear());
            lastYear = y;
            return y;
        }

        /** The transitions around a year, or null for a year outside the cached range or a zone read by the JDK. */
        Year year(int year) {
            int i = year - FIRST_YEAR;
            if (years == null || i < 0 || i >= YEARS) {
                return null;
            }
            Year y = years[i];
            if (y == null) {
                y = new Year(rules, year);
                years[i] = y;
            }
            return y;
        }
    }

    /** A zone's transitions from two days before a year to two days after it, in order. */
    private static final class Year {
        private final long[] instants;
        private final long[] windowEnds;
        private final int[] before;
        private final int[] after;
        /** The offset when there is no transition in the span. */
        private final int offset;
        /** The year's first second and the next year's, in UTC. */
        final long start;
        final long end;

        Year(ZoneRules rules, int year) {
            start = LocalDate.of(year, 1, 1).toEpochDay() * 86_400L;
            end = LocalDate.of(year + 1, 1, 1).toEpochDay() * 86_400L;
            long[] inst = new long[4];
            long[] ends = new long[4];
            int[] ob = new int[4];
            int[] oa = new int[4];
            int n = 0;
            ZoneOffsetTransition t = rules.nextTransition(Instant.ofEpochSecond(start - MARGIN_SECONDS - 1));
            while (t != null && t.toEpochSecond() < end + MARGIN_SECONDS) {
                if (n == inst.length) {
                    inst = Arrays.copyOf(inst, n * 2);
                    ends = Arrays.copyOf(ends, n * 2);
                    ob = Arrays.copyOf(ob, n * 2);
                    oa = Arrays.copyOf(oa, n * 2);
                }
                inst[n] = t.toEpochSecond();
                ob[n] = t.getOffsetBefore().getTotalSeconds();
                oa[n] = t.getOffsetAfter().getTotalSeconds();
                // The local times the transition affects (a gap's missing ones, an overlap's repeated ones) end at
                // the later of its local times before and after.
                ends[n] = inst[n] + Math.max(ob[n], oa[n]);
                n++;
                t = rules.nextTransition(t.getInstant());
            }
            instants = Arrays.copyOf(inst, n);
            windowEnds = Arrays.copyOf(ends, n);
            before = Arrays.copyOf(ob, n);
            after = Arrays.copyOf(oa, n);
            offset = rules.getOffset(Instant.ofEpochSecond(start)).getTotalSeconds();
        }

        /**
         * The offset a local time (as epoch seconds at UTC) is read with: the offset before the first transition
         * whose affected local times do not all lie before it (in a gap, the offset before moves the time forward
         * by the gap; in an overlap it is the earlier one), else the offset after the last.
         */
        int offsetForLocal(long localSeconds) {
            return offsetBefore(windowEnds, localSeconds);
        }

        /** The offset in force at an instant. */
        int offsetAt(long epochSecond) {
            return offsetBefore(instants, epochSecond);
        }

        /** The offset before the first of {@code bounds} above {@code seconds}, else the offset after the last. */
        private int offsetBefore(long[] bounds, long seconds) {
            int n = bounds.length;
            if (n == 0) {
                return offset;
            }
            for (int i = 0; i < n; i++) {
                if (seconds < bounds[i]) {
                    return before[i];
                }
            }
            return after[n - 1];
        }
    }
}
