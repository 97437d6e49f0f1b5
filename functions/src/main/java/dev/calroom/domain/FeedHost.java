package dev.calroom.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The host a feed URL is fetched from (lower case, no port or path): what requests are spread by. */
public final class FeedHost {

    private FeedHost() {
    }

    /** The URL's host, or null when it has none that can be read. */
    public static String of(String url) {
        if (url == null) {
            return null;
        }
        try {
            String host = new URI(url.trim()).getHost();
            return host == null || host.isEmpty() ? null : host.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
