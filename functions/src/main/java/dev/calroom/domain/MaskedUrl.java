package dev.calroom.domain;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A feed URL shown without its secret: scheme, host and a hint of the path ({@code https://calendar.example.com/cal…
 * .ics}). Query strings, user info and the middle of the path, where feed tokens live, are never shown.
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
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        if (path.length() > 16) {
            sb.append(path, 0, 5).append(ELLIPSIS).append(path, path.length() - 4, path.length());
        } else {
            sb.append('/').append(ELLIPSIS);
        }
        return sb.toString();
    }
}
