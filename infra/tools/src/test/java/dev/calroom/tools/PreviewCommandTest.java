package dev.calroom.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreviewCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Calroom.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void preview_printsOneJsonLinePerOccurrence_inFeedZone_withRoomMatch() throws Exception {
        Path feed = dir.resolve("feed.ics");
        Files.writeString(feed, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:Europe/Berlin\r\n"
                + "BEGIN:VEVENT\r\nUID:s\r\nDTSTART;TZID=Europe/Berlin:20261123T093000\r\nDURATION:PT15M\r\n"
                + "RRULE:FREQ=DAILY;COUNT=3\r\nLOCATION:https://rooms.example/team\r\nSUMMARY:Standup\r\nEND:VEVENT\r\n"
                + "BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20261124\r\nSUMMARY:Day off\r\nEND:VEVENT\r\n"
                + "END:VCALENDAR\r\n");
        int code = run("preview", "--file", feed.toString(), "--from", "2026-11-23T00:00", "--to", "2026-11-25",
                "--room-url", "https://rooms.example/team");
        assertEquals(0, code, err.toString());
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, out.toString());
        assertEquals("{\"uid\":\"s\",\"recurrenceId\":\"2026-11-23T08:30:00Z\",\"start\":\"2026-11-23T09:30:00+01:00\","
                + "\"end\":\"2026-11-23T09:45:00+01:00\",\"allDay\":false,\"floating\":false,\"status\":\"CONFIRMED\","
                + "\"summary\":\"Standup\",\"location\":\"https://rooms.example/team\",\"matchesRoom\":true}", lines[0]);
        assertTrue(lines[1].contains("\"start\":\"2026-11-24\"") && lines[1].contains("\"allDay\":true")
                && lines[1].contains("\"matchesRoom\":false"), lines[1]);
    }

    @Test
    void preview_exits2_onBadArguments() {
        assertEquals(2, run("preview", "--from", "2026-11-23", "--to", "2026-11-24"));
        assertTrue(err.toString().contains("--file or --url"));
        assertEquals(2, run("preview", "--file", "x.ics", "--from", "yesterday", "--to", "2026-11-24"));
        assertEquals(2, run("preview", "--file", "x.ics", "--from", "2026-11-24", "--to", "2026-11-23"));
        assertEquals(2, run("preview", "--file", "x.ics", "--from", "2026-11-23", "--to", "2026-11-24", "--tz",
                "Mars/Base"));
    }

    @Test
    void preview_exits3_whenTheFeedCannotBeReadOrParsed() throws Exception {
        assertEquals(3, run("preview", "--file", dir.resolve("missing.ics").toString(), "--from", "2026-11-23",
                "--to", "2026-11-24"));
        Path bad = dir.resolve("bad.ics");
        Files.writeString(bad, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n");
        assertEquals(3, run("preview", "--file", bad.toString(), "--from", "2026-11-23", "--to", "2026-11-24"));
        assertTrue(err.toString().contains("truncated") && err.toString().contains("line"), err.toString());
    }
}
