package dev.calroom.rooms;

import dev.calroom.domain.RefusedException;
import dev.calroom.fetch.AddressPolicy;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which feed URLs a room may be given: https only (http and loopback hosts only with local development on), no
 * user info, at most {@link #MAX_LENGTH} characters, and never a link-local, private or cloud-metadata host. Host
 * names are checked again at fetch time against the address they resolve to.
 */
public final class IcsUrlPolicy {

    public static final int MAX_LENGTH = 2048;
    private static final Set<String> METADATA_HOSTS = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal");
    /** Host names made of digits and dots (or hex) that are not a dotted quad: 2130706433, 0x7f.1, 127.1. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");

    private final boolean localDevelopment;

    public IcsUrlPolicy(boolean localDevelopment) {
        this.localDevelopment = localDevelopment;
    }

    /** The URL, trimmed, or a refusal naming {@code field}. */
    public String check(String field, String url) {
        String u = url.trim();
        if (u.isEmpty()) {
            throw RefusedException.invalid(field, "is required");
        }
        if (u.length() > MAX_LENGTH) {
            throw RefusedException.invalid(field, "is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw RefusedException.invalid(field, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && localDevelopment)) {
            throw RefusedException.invalid(field, "must use https");
        }
        if (uri.getRawUserInfo() != null) {
            throw RefusedException.invalid(field, "must not carry a user name or password");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw RefusedException.invalid(field, "has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (METADATA_HOSTS.contains(host)) {
            throw RefusedException.invalid(field, "points at a cloud metadata service");
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            if (!localDevelopment) {
                throw RefusedException.invalid(field, "points at this machine (loopback)");
            }
            return u;
        }
        InetAddress literal = literal(host);
        if (literal == null && NUMERIC_HOST.matcher(host).matches()) {
            throw RefusedException.invalid(field, "has a numeric host that is not an IP address");
        }
        if (literal != null) {
            String refusal = new AddressPolicy(localDevelopment).refusal(literal);
            if (refusal != null) {
                throw RefusedException.invalid(field, "points at a " + refusal);
            }
        }
        return u;
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
