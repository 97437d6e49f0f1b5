package dev.calroom.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one rule for which feed URLs calroom accepts, applied when a room is given a feed and again on every fetch and
 * redirect, so the two never disagree. {@code webcal://} and {@code webcals://} (what Apple and Google hand users for
 * subscriptions) read as {@code https://}. Refused: other schemes (http only for local development), user info,
 * hosts that are missing, carry an IPv6 zone id, or name a metadata service or a numeric form that is not an IP
 * address, ports outside 1-65535, and literal addresses the {@link AddressPolicy} refuses. Host names are checked
 * again against the addresses they resolve to when fetched.
 */
public final class FeedUrlRules {

    public static final int MAX_LENGTH = 2048;
    private static final Set<String> METADATA_HOSTS = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal");
    /** Host names made of digits and dots (or hex) that are not a dotted quad: 2130706433, 0x7f.1, 127.1. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");
    private static final Pattern AUTHORITY_PORT = Pattern.compile(".*:([0-9]*)");

    private final boolean localDevelopment;
    private final AddressPolicy addresses;

    public FeedUrlRules(boolean localDevelopment) {
        this.localDevelopment = localDevelopment;
        this.addresses = new AddressPolicy(localDevelopment);
    }

    /** The outcome of a check: the URL to store and fetch, or why it is refused (words that follow "the URL "). */
    public record Verdict(URI uri, String refusal) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    public Verdict check(String url) {
        if (url == null || url.isBlank()) {
            return refused("is required");
        }
        String u = url.strip();
        if (u.length() > MAX_LENGTH) {
            return refused("is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return refused("contains spaces or control characters");
            }
        }
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("webcals://")) {
            u = "https://" + u.substring("webcals://".length());
        } else if (lower.startsWith("webcal://")) {
            u = "https://" + u.substring("webcal://".length());
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            return refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && localDevelopment)) {
            return refused(localDevelopment ? "must use https, http or webcal" : "must use https (or webcal)");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            return refused("has no host");
        }
        if (uri.getRawUserInfo() != null || authority.indexOf('@') >= 0) {
            return refused("must not carry a user name or password");
        }
        if (authority.indexOf('%') >= 0) {
            return refused("must not name an IPv6 zone (%)");
        }
        var port = AUTHORITY_PORT.matcher(authority.startsWith("[") ? authority.substring(
                Math.max(authority.indexOf(']'), 0)) : authority);
        if (port.matches()) {
            String digits = port.group(1);
            if (digits.isEmpty() || digits.length() > 5 || Integer.parseInt(digits) < 1
                    || Integer.parseInt(digits) > 65_535) {
                return refused("has a port outside 1-65535");
            }
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return refused("has no valid host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (METADATA_HOSTS.contains(host)) {
            return refused("points at a cloud metadata service");
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return localDevelopment ? new Verdict(uri, null) : refused("points at this machine (loopback)");
        }
        InetAddress literal = literal(host);
        if (literal == null && NUMERIC_HOST.matcher(host).matches()) {
            return refused("has a numeric host that is not an IP address");
        }
        if (literal == null && host.startsWith("[")) {
            return refused("has a malformed IPv6 address");
        }
        if (literal != null) {
            String refusal = addresses.refusal(literal);
            if (refusal != null) {
                return refused("points at a " + refusal);
            }
        }
        return new Verdict(uri, null);
    }

    private static Verdict refused(String why) {
        return new Verdict(null, why);
    }

    private static InetAddress literal(String host) {
        try {
            if (host.startsWith("[") && host.endsWith("]")) {
                return InetAddress.ofLiteral(host.substring(1, host.length() - 1));
            }
            if (DOTTED_QUAD.matcher(host).matches()) {
                return InetAddress.ofLiteral(host);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
