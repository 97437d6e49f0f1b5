package dev.calroom.ics;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The byte-level lexer: what it must read exactly as the text says, whatever the bytes look like. */
class IcsLexerTest {

    @Test
    void lex_joinsAFoldInsideAMultiByteCharacter_intoTheCharacter() throws Exception {
        // RFC 5545 3.1 folds octets, so an exporter may split "é" (C3 A9) across the fold.
        ByteArrayOutputStream feed = new ByteArrayOutputStream();
        feed.writeBytes("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Caf".getBytes(StandardCharsets.UTF_8));
        feed.write(0xC3);
        feed.writeBytes("\r\n ".getBytes(StandardCharsets.UTF_8));
        feed.write(0xA9);
        feed.writeBytes(" au lait\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".getBytes(StandardCharsets.UTF_8));

        RawEvent event = IcsLexer.lex(feed.toByteArray(), null).events().getFirst();

        assertEquals("Café au lait", event.value("SUMMARY"));
    }

    @Test
    void lex_readsLowerCaseNamesAndParameters_asTheSharedUpperCaseNames() throws Exception {
        String feed = "\uFEFFbegin:vcalendar\rbegin:vevent\ruid:b\rdtstart;tzid=\"Europe/Berlin\";value=DATE-TIME:"
                + "20261124T090000\rx-custom ;p=1:v\rend:vevent\rend:vcalendar\r";

        IcsDocument doc = IcsLexer.lex(feed.getBytes(StandardCharsets.UTF_8), null);

        List<ContentLine> lines = doc.events().getFirst().lines();
        ContentLine start = lines.get(1);
        assertSame("DTSTART", start.name(), "a known name is the shared constant, whatever its case");
        assertEquals("Europe/Berlin", start.param("TZID"));
        assertEquals("DATE-TIME", start.param("value"));
        assertNull(start.param("RANGE"));
        assertEquals("20261124T090000", start.value());
        assertEquals(4, start.lineNumber());
        assertEquals("X-CUSTOM", lines.get(2).name());
        assertEquals("1", lines.get(2).param("P"));
    }

    @Test
    void warmUp_readsItsBuiltInFeed_whichTakesTheCommonPaths() {
        // preview runs it on a daemon thread, where a failure would go unseen.
        FeedReader.warmUp();
    }

    @Test
    void lex_takesTheValueAfterTheLastColon_whenAQuoteSwallowsTheSeparator() throws Exception {
        String feed = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:c\r\n"
                + "DTSTART;TZID=\"W. Europe Standard Time:20200609T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        ContentLine start = IcsLexer.lex(feed.getBytes(StandardCharsets.UTF_8), null).events().getFirst()
                .first("DTSTART");

        assertEquals("W. Europe Standard Time", start.param("TZID"));
        assertEquals("20200609T090000", start.value());
    }
}
