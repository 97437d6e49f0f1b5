package dev.calroom.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web pages: one HTML document for every page path (the pages route in the browser) and the assets it loads,
 * all read from the class path once, when the function starts.
 *
 * <p>Assets are addressed by the site's version, a digest of every asset ({@code /assets/<version>/<file>}), so they
 * can be cached for a year: a new deployment changes the version and so every asset URL. The document names them
 * with {@code /assets/} and is rewritten to the versioned paths here; relative imports between modules follow.
 * The Content-Security-Policy allows this origin's scripts, the document's import map by its hash, and Daily's
 * frames and connections; nothing inline otherwise.
 */
public final class Site {

    /** An answer of the site: status, content type, cache policy and body. */
    public record Page(int status, String contentType, String cacheControl, String body) {
    }

    static final String MANIFEST = "web/assets.list";
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,80}");
    private static final Pattern IMPORT_MAP =
            Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    /** The packaged daily-js, replaced by a re-export of the stand-in when one is configured. */
    static final String DAILY_JS = "daily-esm.js";

    private final String version;
    private final Map<String, Page> assets;
    private final String document;
    private final String contentSecurityPolicy;
    private final String config;

    private Site(String version, Map<String, Page> assets, String document, String contentSecurityPolicy,
                 String config) {
        this.version = version;
        this.assets = assets;
        this.document = document;
        this.contentSecurityPolicy = contentSecurityPolicy;
        this.config = config;
    }

    /** Reads the pages and assets the manifest lists from the class path. */
    public static Site load(SiteSettings settings) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String line : read(MANIFEST).split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            if (!FILE.matcher(name).matches()) {
                throw new IllegalStateException("bad asset name in " + MANIFEST + ": " + name);
            }
            files.put(name, read("web/assets/" + name));
        }
        if (settings.dailyJsUrl() != null) {
            String url = settings.dailyJsUrl().replace("\\", "\\\\").replace("\"", "\\\"");
            files.put(DAILY_JS, "export { default } from \"" + url + "\";\nexport * from \"" + url + "\";\n");
        }
        MessageDigest digest = sha256();
        files.forEach((name, text) -> {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(text.getBytes(StandardCharsets.UTF_8));
        });
        String version = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        Map<String, Page> assets = new LinkedHashMap<>();
        files.forEach((name, text) -> assets.put(name, new Page(200, contentType(name), IMMUTABLE, text)));
        String document = read("web/index.html").replace("\"/assets/", "\"/assets/" + version + "/");
        return new Site(version, Map.copyOf(assets), document, policy(document, settings), configJson(settings));
    }

    public String version() {
        return version;
    }

    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** The HTML document every page path answers with. */
    public Page document() {
        return new Page(200, "text/html; charset=utf-8", REVALIDATE, document);
    }

    /** What the pages read at start: where to sign in. */
    public Page config() {
        return new Page(200, "application/json", REVALIDATE, config);
    }

    /**
     * An asset. Asked for under another version (a page loaded before a deployment), the current file is answered
     * but not cached for long, since that URL may name other content later.
     */
    public Optional<Page> asset(String requestedVersion, String file) {
        Page p = assets.get(file);
        if (p == null) {
            return Optional.empty();
        }
        return Optional.of(version.equals(requestedVersion) ? p
                : new Page(p.status(), p.contentType(), REVALIDATE, p.body()));
    }

    public Set<String> assetNames() {
        return assets.keySet();
    }

    private static String policy(String document, SiteSettings settings) {
        Set<String> scripts = new LinkedHashSet<>();
        scripts.add("'self'");
        Matcher m = IMPORT_MAP.matcher(document);
        while (m.find()) {
            scripts.add("'sha256-" + Base64.getEncoder().encodeToString(sha256().digest(
                    m.group(1).getBytes(StandardCharsets.UTF_8))) + "'");
        }
        Set<String> connect = new LinkedHashSet<>(java.util.List.of("'self'", "https://*.daily.co",
                "wss://*.daily.co"));
        Set<String> frames = new LinkedHashSet<>(java.util.List.of("https://*.daily.co"));
        if (settings.dailyJsUrl() != null) {
            String origin = SiteSettings.origin(settings.dailyJsUrl());
            scripts.add(origin);
            connect.add(origin);
            frames.add(origin);
        }
        if (settings.tokenUrl() != null) {
            connect.add(SiteSettings.origin(settings.tokenUrl()));
        }
        return "default-src 'none'; script-src " + String.join(" ", scripts) + "; style-src 'self'; "
                + "img-src 'self' data:; font-src 'self'; connect-src " + String.join(" ", connect) + "; "
                + "frame-src " + String.join(" ", frames) + "; media-src 'self' blob:; worker-src 'self' blob:; "
                + "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private static String configJson(SiteSettings s) {
        ObjectNode config = Json.object();
        if (!s.signInConfigured()) {
            config.putNull("signIn");
        } else {
            config.putObject("signIn").put("issuer", s.oidcIssuer()).put("clientId", s.oidcClientId())
                    .put("authorizationUrl", s.authorizationUrl()).put("tokenUrl", s.tokenUrl())
                    .put("audience", s.oidcAudience()).put("scope", "openid email profile");
        }
        return Json.write(config);
    }

    private static String contentType(String name) {
        if (name.endsWith(".js") || name.endsWith(".mjs")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (name.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }

    private static String read(String resource) {
        try (InputStream in = Site.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing page resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
