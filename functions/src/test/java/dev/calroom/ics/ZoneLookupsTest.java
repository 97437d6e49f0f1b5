package dev.calroom.ics;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.time.zone.ZoneRulesProvider;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cached zone lookups read every local time and instant as the JDK's own lookups do ({@link IcsValue}): in every
 * zone of the JDK's time-zone database, at and around each transition from 1850 to 2100 (gaps, overlaps, a skipped
 * day, changes of standard offset), at year ends, and at random times; and outside the cached years.
 */
class ZoneLookupsTest {

    private static final long[] AROUND = {-86_400, -3_601, -3_600, -1_801, -1, 0, 1, 1_799, 1_800, 3_599, 3_600,
        3_601, 7_200, 86_400};

    @Test
    void toInstantAndToLocal_agreeWithTheJdk_aroundEveryTransitionOfEveryZone() {
        long checked = 0;
        long transitions = 0;
        for (String id : ZoneRulesProvider.getAvailableZoneIds()) {
            if (id.startsWith("ical4j")) {
                // Zones ical4j registers when it builds a VTIMEZONE, not the JDK's database: see below.
                continue;
            }
            ZoneRules rules = ZoneId.of(id).getRules();
            ZoneLookups lookups = new ZoneLookups(r -> false);
            ZoneOffsetTransition t = rules.nextTransition(Instant.parse("1850-01-01T00:00:00Z"));
            while (t != null && t.getInstant().isBefore(Instant.parse("2100-01-01T00:00:00Z"))) {
                transitions++;
                for (LocalDateTime base : List.of(t.getDateTimeBefore(), t.getDateTimeAfter())) {
                    for (long d : AROUND) {
                        LocalDateTime local = base.plusSeconds(d);
                        assertEquals(IcsValue.toInstant(local, rules), lookups.toInstant(local, rules),
                                id + " local " + local);
                        checked++;
                    }
                }
                for (long d : AROUND) {
                    Instant instant = t.getInstant().plusSeconds(d);
                    assertEquals(IcsValue.toLocal(instant, rules), lookups.toLocal(instant, rules),
                            id + " instant " + instant);
                }
                t = rules.nextTransition(t.getInstant());
            }
        }
        assertTrue(transitions > 10_000, "transitions checked: " + transitions);
        assertTrue(checked > 1_000_000, "local times checked: " + checked);
    }

    @Test
    void toInstantAndToLocal_agreeWithTheJdk_atRandomTimesAndYearEnds() {
        Random random = new Random(20261124);
        List<String> ids = List.of("Europe/Berlin", "America/New_York", "Pacific/Apia", "Australia/Lord_Howe",
                "Asia/Kolkata", "America/Sao_Paulo", "Africa/Casablanca", "Pacific/Chatham", "America/St_Johns",
                "Europe/Dublin", "Antarctica/Troll", "UTC");
        for (String id : ids) {
            ZoneRules rules = ZoneId.of(id).getRules();
            ZoneLookups lookups = new ZoneLookups(r -> false);
            for (int i = 0; i < 20_000; i++) {
                // 1700-2400: inside and outside the cached years.
                long s = -8_520_000_000L + (long) (random.nextDouble() * 22_100_000_000L);
                LocalDateTime local = LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC);
                assertEquals(IcsValue.toInstant(local, rules), lookups.toInstant(local, rules), id + " " + local);
                Instant instant = Instant.ofEpochSecond(s);
                assertEquals(IcsValue.toLocal(instant, rules), lookups.toLocal(instant, rules), id + " " + instant);
            }
            for (int year = 1799; year <= 2301; year++) {
                for (long d : AROUND) {
                    LocalDateTime local = LocalDateTime.of(year, 1, 1, 0, 0).plusSeconds(d);
                    assertEquals(IcsValue.toInstant(local, rules), lookups.toInstant(local, rules), id + " " + local);
                    Instant instant = local.toInstant(ZoneOffset.UTC);
                    assertEquals(IcsValue.toLocal(instant, rules), lookups.toLocal(instant, rules), id + " " + instant);
                }
            }
        }
    }

    @Test
    void aZoneBuiltFromAVtimezone_isReadAsTheJdkReadsIt() {
        // Fixed and rule-based zones as ZoneResolver builds them from a feed's VTIMEZONE.
        ZoneRules fixed = ZoneRules.of(ZoneOffset.ofHours(5));
        ZoneLookups lookups = new ZoneLookups(r -> false);
        LocalDateTime local = LocalDateTime.of(2026, 3, 29, 2, 30);
        assertEquals(IcsValue.toInstant(local, fixed), lookups.toInstant(local, fixed));
        ZoneRules berlin = ZoneId.of("Europe/Berlin").getRules();
        ZoneRules copy = ZoneRules.of(ZoneOffset.ofHours(1), ZoneOffset.ofHours(1), List.of(), List.of(),
                berlin.getTransitionRules());
        for (int h = 0; h < 48; h++) {
            for (LocalDateTime day : List.of(LocalDateTime.of(2026, 3, 28, 0, 0), LocalDateTime.of(2026, 10, 24, 0, 0))) {
                LocalDateTime t = day.plusMinutes(30L * h);
                assertEquals(IcsValue.toInstant(t, copy), lookups.toInstant(t, copy), t.toString());
            }
        }
    }

    @Test
    void aZoneBuiltFromTheFeed_isReadByTheJdk_evenWhenItContradictsItself() {
        // Transitions that end at -11:00 and yearly rules that start from -09:00, as a hostile or broken VTIMEZONE
        // can give: the cached reading would differ from the JDK's here, so such zones take the JDK's path.
        ZoneRules broken = ZoneRules.of(ZoneOffset.ofHours(-9), ZoneOffset.ofHours(-9),
                List.of(), List.of(ZoneOffsetTransition.of(LocalDateTime.of(1867, 10, 18, 15, 31, 13),
                        ZoneOffset.ofHours(-9), ZoneOffset.ofHoursMinutesSeconds(-11, -1, -38))),
                ZoneId.of("America/Anchorage").getRules().getTransitionRules());
        ZoneLookups readByJdk = new ZoneLookups(r -> r == broken);
        ZoneLookups cached = new ZoneLookups(r -> false);
        int differences = 0;
        for (long d : AROUND) {
            for (int year : new int[] {1867, 1868, 1950, 2026}) {
                LocalDateTime local = LocalDateTime.of(year, 10, 18, 15, 31, 13).plusSeconds(d);
                assertEquals(IcsValue.toInstant(local, broken), readByJdk.toInstant(local, broken), local.toString());
                Instant instant = local.toInstant(ZoneOffset.UTC);
                assertEquals(IcsValue.toLocal(instant, broken), readByJdk.toLocal(instant, broken), local.toString());
                if (!IcsValue.toInstant(local, broken).equals(cached.toInstant(local, broken))) {
                    differences++;
                }
            }
        }
        assertTrue(differences > 0, "the rules contradict themselves where the cached reading relies on them");
    }
}
