package dev.calroom.domain;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A feed URL shown without its secret: scheme, host and port, then an ellipsis ({@code https://calendar.example.com/…}).
 * Feed tokens live anywhere in the path, the query or the user info (in the middle for Google, at the end for
 * Cal.com and Outlook), so no character of any of them is ever shown.
 */
public final class MaskedUrl {

    private static final String ELLIPSIS = "\u2026";

    private MaskedUrl() {
    }

    public static String of(String url) {
        if (url == null) {
            return null;
        }
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            return ELLIPSIS;
        }
        if (u.getScheme() == null || u.getHost() == null) {
            return ELLIPSIS;
        }
        StringBuilder sb = new StringBuilder(u.getScheme()).append("://").append(u.getHost());
        if (u.getPort() > 0) {
            sb.append(':').append(u.getPort());
        }
        return sb.append('/').append(ELLIPSIS).toString();
    }
}
