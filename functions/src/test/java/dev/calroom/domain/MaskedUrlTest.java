package dev.calroom.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class MaskedUrlTest {

    @Test
    void masks_toSchemeHostAndPort_forRealFeedShapes() {
        assertEquals("https://calendar.google.com/\u2026", MaskedUrl.of(
                "https://calendar.google.com/calendar/ical/team%40example.com/private-0123456789abcdef/basic.ics"));
        assertEquals("https://outlook.office365.com/\u2026", MaskedUrl.of(
                "https://outlook.office365.com/owa/calendar/abc@example.com/Zq1sEcReT/calendar.ics"));
        assertEquals("https://app.cal.com/\u2026", MaskedUrl.of("https://app.cal.com/api/ics/4f9a2b7c9d1e"));
        assertEquals("https://feeds.example.com/\u2026", MaskedUrl.of("https://feeds.example.com/k3y?token=abc"));
        assertEquals("http://127.0.0.1:8080/\u2026", MaskedUrl.of("http://127.0.0.1:8080/f.ics"));
        assertEquals("\u2026", MaskedUrl.of("not a url"));
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
                .ofMinLength(3).ofMaxLength(40);
    }

    @Property(tries = 500)
    void neverShowsAnyCharacterOfAPathSegment_queryValue_orUserInfo(@ForAll("secrets") String a,
                                                                   @ForAll("secrets") String b,
                                                                   @ForAll("secrets") String c) {
        for (String url : List.of("https://feeds.example.net/" + a + "/" + b + "/" + c,
                "https://feeds.example.net/cal/" + a + "?key=" + b + "&t=" + c,
                "https://feeds.example.net:8443/" + a + "." + b + "#" + c,
                "https://" + a + ":" + b + "@feeds.example.net/" + c)) {
            String masked = MaskedUrl.of(url);
            assertEquals("https://feeds.example.net" + (url.contains(":8443") ? ":8443" : "") + "/\u2026", masked);
            String shown = masked.substring(masked.indexOf('/', 8));
            for (String secret : List.of(a, b, c)) {
                for (char ch : secret.toCharArray()) {
                    assertFalse(shown.indexOf(ch) >= 0, "'" + ch + "' of a secret shown in " + masked);
                }
            }
        }
    }
}
