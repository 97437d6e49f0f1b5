package dev.calroom.web;

import java.net.URI;
import java.util.Map;

/**
 * What the pages need to know about their deployment, from the web function's environment.
 *
 * @param dailyJsUrl        a module served in place of daily-js (the local Daily emulator's stand-in), or null for the
 *                          packaged daily-js
 * @param oidcIssuer        the issuer the API trusts
 * @param oidcClientId      the pages' OAuth client id (public client: authorization code with PKCE); null when
 *                          sign-in is not configured
 * @param authorizationUrl  the issuer's authorization endpoint
 * @param tokenUrl          the issuer's token endpoint
 * @param oidcAudience      the audience the API's bearer tokens must carry (asked for as {@code audience})
 */
public record SiteSettings(String dailyJsUrl, String oidcIssuer, String oidcClientId, String authorizationUrl,
                           String tokenUrl, String oidcAudience) {

    public SiteSettings {
        dailyJsUrl = blankToNull(dailyJsUrl);
        oidcClientId = blankToNull(oidcClientId);
        authorizationUrl = blankToNull(authorizationUrl);
        tokenUrl = blankToNull(tokenUrl);
        requireHttpUrl("DAILY_JS_URL", dailyJsUrl);
        requireHttpUrl("OIDC_AUTHORIZATION_URL", authorizationUrl);
        requireHttpUrl("OIDC_TOKEN_URL", tokenUrl);
    }

    public static SiteSettings from(Map<String, String> env) {
        return new SiteSettings(env.get("DAILY_JS_URL"), env.get("OIDC_ISSUER"), env.get("OIDC_CLIENT_ID"),
                env.get("OIDC_AUTHORIZATION_URL"), env.get("OIDC_TOKEN_URL"), env.get("OIDC_AUDIENCE"));
    }

    /** Sign-in needs a client id and both endpoints. */
    public boolean signInConfigured() {
        return oidcClientId != null && authorizationUrl != null && tokenUrl != null;
    }

    /** The scheme, host and port of a URL, as a CSP source. */
    static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void requireHttpUrl(String name, String value) {
        if (value == null) {
            return;
        }
        try {
            URI u = URI.create(value);
            if (("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new IllegalArgumentException(name + " must be an http(s) URL");
    }
}
