package dev.calroom.fetch;

import java.time.Duration;

/**
 * Limits of a feed fetch. {@code totalTimeout} is the deadline of the whole fetch: DNS, connect, TLS, status line,
 * headers, body and redirects.
 *
 * @param localDevelopment allow http and loopback addresses (never link-local)
 */
public record FetchSettings(Duration connectTimeout, Duration readTimeout, Duration totalTimeout, long maxBytes,
                            int maxRedirects, boolean localDevelopment, String userAgent) {

    public static final String BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/126.0 Safari/537.36 calroom/1.0";

    public static FetchSettings defaults(boolean localDevelopment) {
        return new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                10L * 1024 * 1024, 3, localDevelopment, BROWSER_USER_AGENT);
    }

    /**
     * For fetches a person waits on (sync now, test feed): a 15 s deadline for the whole fetch, so the API function
     * (28 s) answers within HTTP API's 30 s integration limit.
     */
    public static FetchSettings interactive(boolean localDevelopment) {
        return defaults(localDevelopment).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(15));
    }

    public FetchSettings withTimeouts(Duration connect, Duration read, Duration total) {
        return new FetchSettings(connect, read, total, maxBytes, maxRedirects, localDevelopment, userAgent);
    }
}
