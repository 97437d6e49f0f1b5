package dev.calroom.fetch;

import java.time.Duration;

/**
 * Limits of a feed fetch.
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

    public FetchSettings withTimeouts(Duration connect, Duration read, Duration total) {
        return new FetchSettings(connect, read, total, maxBytes, maxRedirects, localDevelopment, userAgent);
    }
}
