package dev.calroom.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MaskedUrlTest {

    @Test
    void keepsSchemeHostAndAHint_neverTheTokenOrQuery() {
        assertEquals("https://calendar.google.com/cale\u2026.ics", MaskedUrl.of(
                "https://calendar.google.com/calendar/ical/x%40group.calendar.google.com/private-abc123/basic.ics"));
        assertEquals("https://outlook.office365.com/owa/\u2026.ics", MaskedUrl.of(
                "https://outlook.office365.com/owa/calendar/0a1b2c@example.com/9f8e7d6c/calendar.ics?x=1"));
        assertEquals("https://feeds.example.com/\u2026", MaskedUrl.of("https://feeds.example.com/k3y?token=abc"));
        assertEquals("http://127.0.0.1:8080/\u2026", MaskedUrl.of("http://127.0.0.1:8080/f.ics"));
        assertEquals("\u2026", MaskedUrl.of("not a url"));
    }
}
