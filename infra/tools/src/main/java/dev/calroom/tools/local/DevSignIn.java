package dev.calroom.tools.local;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The development issuer's OAuth 2.0 authorization code flow with PKCE (RFC 7636, S256 only), for the web pages'
 * sign-in: an authorization endpoint that shows a minimal sign-in form (any subject, email and name: local
 * development only), and a token endpoint that redeems a code once, within a minute, for the verifier whose
 * challenge it was issued to.
 */
public final class DevSignIn {

    /** An HTTP answer: status, content type, body, and a redirect location or null. */
    public record Answer(int status, String contentType, String body, String location) {
    }

    public static final String CLIENT_ID = "calroom-web";
    private static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Grant(String sub, String email, String name, String redirectUri, String challenge,
                         Instant expires) {
    }

    private final DevIssuer issuer;
    private final String siteOrigin;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    public DevSignIn(DevIssuer issuer, String siteOrigin) {
        this.issuer = issuer;
        this.siteOrigin = siteOrigin;
    }

    /** GET /_local/authorize: the sign-in form, once the request is a valid PKCE authorization request. */
    public Answer authorizeForm(String rawQuery) {
        Map<String, String> q = parse(rawQuery);
        String error = check(q);
        if (error != null) {
            return new Answer(400, "text/plain; charset=utf-8", error, null);
        }
        StringBuilder hidden = new StringBuilder();
        for (String k : new String[]{"client_id", "redirect_uri", "state", "code_challenge",
                "code_challenge_method", "response_type"}) {
            hidden.append("<input type=\"hidden\" name=\"").append(k).append("\" value=\"")
                    .append(html(q.getOrDefault(k, ""))).append("\">");
        }
        String page = """
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign in: calroom development issuer</title></head>
                <body style="font-family:sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem">
                <h1>Sign in</h1>
                <p>Development issuer of the local stack: any name signs in.</p>
                <form method="post" action="/_local/authorize">%s
                <p><label for="sub">User id</label><br><input id="sub" name="sub" required value="demo-owner"></p>
                <p><label for="email">Email</label><br><input id="email" name="email" type="email"
                   value="owner@example.com"></p>
                <p><label for="name">Name</label><br><input id="name" name="name" value="Demo Owner"></p>
                <p><button id="sign-in" type="submit">Sign in</button></p>
                </form></body></html>
                """.formatted(hidden);
        return new Answer(200, "text/html; charset=utf-8", page, null);
    }

    /** POST /_local/authorize: issues a code and sends the browser back to the redirect URI. */
    public Answer authorize(String formBody) {
        Map<String, String> f = parse(formBody);
        String error = check(f);
        if (error != null) {
            return new Answer(400, "text/plain; charset=utf-8", error, null);
        }
        String sub = f.getOrDefault("sub", "").strip();
        if (sub.isEmpty()) {
            return new Answer(400, "text/plain; charset=utf-8", "a user id is required", null);
        }
        Instant now = Instant.now();
        codes.values().removeIf(g -> now.isAfter(g.expires())); // codes nobody redeemed do not pile up
        String code = random();
        codes.put(code, new Grant(sub, blankToNull(f.get("email")), blankToNull(f.get("name")),
                f.get("redirect_uri"), f.get("code_challenge"), now.plus(CODE_LIFETIME)));
        String redirect = f.get("redirect_uri");
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + enc(code)
                + (f.containsKey("state") ? "&state=" + enc(f.get("state")) : "");
        return new Answer(303, "text/plain; charset=utf-8", "", location);
    }

    /** POST /_local/oauth/token: redeems a code (once) for the verifier of its challenge. */
    public Answer token(String formBody) {
        Map<String, String> f = parse(formBody);
        if (!"authorization_code".equals(f.get("grant_type"))) {
            return error("unsupported_grant_type", "grant_type must be authorization_code");
        }
        if (!CLIENT_ID.equals(f.get("client_id"))) {
            return error("invalid_client", "unknown client_id");
        }
        Grant g = f.get("code") == null ? null : codes.remove(f.get("code"));
        if (g == null || Instant.now().isAfter(g.expires())) {
            return error("invalid_grant", "the code is unknown, used or expired");
        }
        if (!g.redirectUri().equals(f.get("redirect_uri"))) {
            return error("invalid_grant", "redirect_uri differs from the authorization request's");
        }
        String verifier = f.get("code_verifier");
        if (verifier == null || verifier.length() < 43 || verifier.length() > 128
                || !challengeOf(verifier).equals(g.challenge())) {
            return error("invalid_grant", "code_verifier does not match the code_challenge");
        }
        String token = issuer.token(g.sub(), g.email(), g.name());
        String body = "{\"access_token\":\"" + token + "\",\"id_token\":\"" + token
                + "\",\"token_type\":\"Bearer\",\"expires_in\":43200}";
        return new Answer(200, "application/json", body, null);
    }

    /** The S256 code challenge of a verifier. */
    public static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String check(Map<String, String> q) {
        if (!"code".equals(q.get("response_type"))) {
            return "response_type must be code";
        }
        if (!CLIENT_ID.equals(q.get("client_id"))) {
            return "unknown client_id (the pages' client is " + CLIENT_ID + ")";
        }
        String redirect = q.get("redirect_uri");
        if (redirect == null || !sameOrigin(redirect)) {
            return "redirect_uri must be on " + siteOrigin;
        }
        if (!"S256".equals(q.get("code_challenge_method")) || q.getOrDefault("code_challenge", "").length() != 43) {
            return "PKCE is required: code_challenge with code_challenge_method S256";
        }
        return null;
    }

    private boolean sameOrigin(String url) {
        try {
            URI u = URI.create(url);
            return (u.getScheme() + "://" + u.getRawAuthority()).equals(siteOrigin) && u.getRawFragment() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Answer error(String code, String description) {
        return new Answer(400, "application/json", "{\"error\":\"" + code + "\",\"error_description\":\""
                + description + "\"}", null);
    }

    static Map<String, String> parse(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
