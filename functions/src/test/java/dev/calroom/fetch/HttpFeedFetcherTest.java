package dev.calroom.fetch;

import dev.calroom.sync.FeedServer;
import dev.calroom.sync.FetchException;
import dev.calroom.sync.FetchResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpFeedFetcherTest {

    private static FetchSettings fast(boolean local) {
        return FetchSettings.defaults(local).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2));
    }

    @Test
    void fetch_refusesLoopback_andPlainHttp_outsideLocalDevelopment() throws Exception {
        try (FeedServer server = new FeedServer()) {
            server.serve("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
            HttpFeedFetcher production = new HttpFeedFetcher(fast(false));
            FetchException http = assertThrows(FetchException.class, () -> production.fetch(server.url(), null, null));
            assertEquals("the feed URL must use https (or webcal)", http.getMessage());
            FetchException loop = assertThrows(FetchException.class,
                    () -> production.fetch(server.url().replace("http:", "https:"), null, null));
            assertTrue(loop.getMessage().contains("loopback"), loop.getMessage());
            assertFalse(loop.getMessage().contains("secret-token-123"));
            assertEquals(0, server.requests());
        }
    }

    @Test
    void fetch_refusesMetadataAddresses_evenInLocalDevelopment() {
        HttpFeedFetcher local = new HttpFeedFetcher(fast(true));
        FetchException e = assertThrows(FetchException.class,
                () -> local.fetch("http://169.254.169.254/latest/meta-data/", null, null));
        assertTrue(e.getMessage().contains("link-local"), e.getMessage());
    }

    @Test
    void fetch_readsTheBody_thenAnswersNotModified_toItsEtag() throws Exception {
        try (FeedServer server = new FeedServer()) {
            server.serve("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
            HttpFeedFetcher fetcher = new HttpFeedFetcher(fast(true));
            FetchResult.Body body = assertInstanceOf(FetchResult.Body.class, fetcher.fetch(server.url(), null, null));
            assertEquals("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", new String(body.bytes(), StandardCharsets.UTF_8));
            assertInstanceOf(FetchResult.NotModified.class, fetcher.fetch(server.url(), body.etag(), null));
        }
    }

    @Test
    void fetch_failsClearly_onErrorStatus_truncation_stall_andRedirectLoops() throws Exception {
        try (FeedServer server = new FeedServer()) {
            HttpFeedFetcher fetcher = new HttpFeedFetcher(fast(true));
            server.serve("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
            server.mode(FeedServer.Mode.ERROR_500);
            assertEquals("HTTP 500 from 127.0.0.1",
                    assertThrows(FetchException.class, () -> fetcher.fetch(server.url(), null, null)).getMessage());
            server.mode(FeedServer.Mode.TRUNCATED);
            assertTrue(assertThrows(FetchException.class, () -> fetcher.fetch(server.url(), null, null))
                    .getMessage().contains("truncated"));
            server.mode(FeedServer.Mode.REDIRECT_LOOP);
            assertTrue(assertThrows(FetchException.class, () -> fetcher.fetch(server.url(), null, null))
                    .getMessage().contains("redirects"));
            assertEquals(1 + 1 + 4, server.requests(), "three redirects followed, no more");
            server.mode(FeedServer.Mode.STALL);
            assertTrue(assertThrows(FetchException.class, () -> fetcher.fetch(server.url(), null, null))
                    .getMessage().contains("timed out"));
        }
    }

    @Test
    void fetch_readsRetryAfter_inSecondsAndAsHttpDate_on429And503() throws Exception {
        java.time.Instant now = java.time.Instant.parse("2026-11-24T10:00:00Z");
        HttpFeedFetcher fetcher = new HttpFeedFetcher(fast(true), java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        try (FeedServer server = new FeedServer()) {
            server.mode(FeedServer.Mode.TOO_MANY_REQUESTS);
            FetchException tooMany = assertThrows(FetchException.class, () -> fetcher.fetch(server.url(), null, null));
            assertEquals(now.plusSeconds(3600), tooMany.retryAt());
            assertTrue(tooMany.getMessage().startsWith("HTTP 429 from 127.0.0.1 (too many requests)"),
                    tooMany.getMessage());
            server.mode(FeedServer.Mode.UNAVAILABLE_UNTIL_DATE);
            FetchException unavailable = assertThrows(FetchException.class,
                    () -> fetcher.fetch(server.url(), null, null));
            assertEquals(java.time.Instant.parse("2033-11-06T08:49:37Z"), unavailable.retryAt());
            server.mode(FeedServer.Mode.ERROR_500);
            assertEquals(null, assertThrows(FetchException.class,
                    () -> fetcher.fetch(server.url(), null, null)).retryAt());
        }
    }
}
