package dev.calroom.fetch;

import dev.calroom.domain.RefusedException;
import dev.calroom.rooms.IcsUrlPolicy;
import dev.calroom.sync.FetchException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedUrlRulesTest {

    private final FeedUrlRules production = new FeedUrlRules(false);
    private final IcsUrlPolicy creation = new IcsUrlPolicy(false);
    private final HttpFeedFetcher fetcher = new HttpFeedFetcher(FetchSettings.defaults(false));

    private String refusal(String url) {
        return production.check(url).refusal();
    }

    @Test
    void webcalAndWebcals_readAsHttps() {
        assertEquals("https://p42-caldav.icloud.com/published/2/abc", creation.check("ics.url",
                "webcal://p42-caldav.icloud.com/published/2/abc"));
        assertEquals("https://calendar.google.com/calendar/ical/x/basic.ics", creation.check("ics.url",
                "WEBCALS://calendar.google.com/calendar/ical/x/basic.ics"));
    }

    @Test
    void refusals_nameWhatIsWrong() {
        assertEquals("must not name an IPv6 zone (%)", refusal("https://[fe80::1%25lo]/feed.ics"));
        assertEquals("must not name an IPv6 zone (%)", refusal("https://[2001:db8::1%eth0]:443/feed.ics"));
        assertEquals("has a port outside 1-65535", refusal("https://feeds.example.com:70000/f.ics"));
        assertEquals("has a port outside 1-65535", refusal("https://feeds.example.com:0/f.ics"));
        assertEquals("has a port outside 1-65535", refusal("https://feeds.example.com:/f.ics"));
        assertEquals("has a port outside 1-65535", refusal("https://[2001:4860::1]:99999/f.ics"));
        assertEquals("must not carry a user name or password", refusal("https://u:p@feeds.example.com/f.ics"));
        assertEquals("must use https (or webcal)", refusal("ftp://feeds.example.com/f.ics"));
        assertEquals("must use https (or webcal)", refusal("file:///etc/passwd"));
        assertEquals("must use https (or webcal)", refusal("http://feeds.example.com/f.ics"));
        assertEquals("points at a cloud metadata service", refusal("https://metadata.google.internal/x"));
        assertEquals("has no valid host", refusal("https://0x7f.1/x"));
        assertFalse(production.check("https://2130706433/x").accepted());
        assertEquals("points at a link-local address", refusal("https://169.254.169.254/x"));
        assertEquals("points at a private address", refusal("https://[fd00:ec2::254]/x"));
        assertEquals("contains spaces or control characters", refusal("https://feeds.example.com/a b"));
        assertTrue(production.check("https://feeds.example.com:8443/f.ics").accepted());
    }

    @Test
    void creationRefusal_namesTheField() {
        RefusedException e = assertThrows(RefusedException.class,
                () -> creation.check("ics.url", "https://[fe80::1%25lo]/f.ics"));
        assertTrue(e.getMessage().contains("ics.url"), e.getMessage());
    }

    @Property(tries = 300)
    void portsOutsideTheRange_areRefused(@ForAll @IntRange(min = 65_536, max = Integer.MAX_VALUE) int port) {
        assertEquals("has a port outside 1-65535", refusal("https://feeds.example.com:" + port + "/f.ics"));
    }

    @Property(tries = 300)
    void portsInsideTheRange_areAccepted(@ForAll @IntRange(min = 1, max = 65_535) int port) {
        assertTrue(production.check("https://feeds.example.com:" + port + "/f.ics").accepted());
    }

    @Provide
    Arbitrary<String> urlish() {
        Arbitrary<String> scheme = Arbitraries.of("https://", "http://", "webcal://", "webcals://", "ftp://", "",
                "HTTPS://", "javascript:");
        Arbitrary<String> user = Arbitraries.of("", "u@", "u:p@", "@");
        Arbitrary<String> host = Arbitraries.of("feeds.example.com", "127.0.0.1", "10.0.0.1", "[::1]",
                "[fe80::1%25lo]", "[2001:4860::1]", "[::ffff:127.0.0.1]", "localhost", "0x7f.1", "2130706433",
                "metadata", "", "[", "example.com.", "169.254.169.254", "[fd00:ec2::254]");
        Arbitrary<String> port = Arbitraries.of("", ":443", ":0", ":65535", ":65536", ":", ":-1", ":99999999999");
        Arbitrary<String> path = Arbitraries.strings().withChars("abc/.%?=&#-_~ 2F").ofMaxLength(20);
        return Combinators.combine(scheme, user, host, port, path).as((s, u, h, p, rest) -> s + u + h + p + "/" + rest);
    }

    @Property(tries = 2000)
    void creationAndFetch_alwaysAgree_andNeverThrowAnythingElse(@ForAll("urlish") String url) {
        boolean created;
        try {
            creation.check("ics.url", url);
            created = true;
        } catch (RefusedException e) {
            created = false;
            assertNotNull(e.getMessage());
        }
        boolean fetchable;
        try {
            fetcher.parse(url);
            fetchable = true;
        } catch (FetchException e) {
            fetchable = false;
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        }
        assertEquals(created, fetchable, url);
    }
}
