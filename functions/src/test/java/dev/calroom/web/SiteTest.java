package dev.calroom.web;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.calroom.handler.WebHandler;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiteTest {

    static final SiteSettings AWS = new SiteSettings(null, "https://issuer.example.com/", "web-client",
            "https://auth.example.com/oauth2/authorize", "https://auth.example.com/oauth2/token", "calroom");

    @Test
    void everyAssetFile_isListed_andEveryListedAssetIsPackaged() throws Exception {
        Site site = Site.load(AWS);
        Set<String> onDisk;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/web/assets"))) {
            onDisk = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> listed = new TreeSet<>(site.assetNames());
        assertTrue(listed.containsAll(onDisk), "unlisted: " + onDisk);
        for (String vendor : Set.of("preact.mjs", "hooks.mjs", "htm.mjs", "daily-esm.js")) {
            assertTrue(listed.contains(vendor), vendor + " (from npm at build time)");
        }
        assertTrue(site.asset(site.version(), "daily-esm.js").orElseThrow().body().length() > 100_000,
                "the real daily-js is packaged");
    }

    @Test
    void theDocument_namesVersionedAssets_andThePolicyAllowsItsImportMapByHash() throws Exception {
        Site site = Site.load(AWS);
        String doc = site.document().body();
        assertFalse(doc.contains("\"/assets/app.js\""), "asset paths carry the version");
        assertTrue(doc.contains("\"/assets/" + site.version() + "/app.js\""));
        Matcher m = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find());
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(m.group(1).getBytes(StandardCharsets.UTF_8)));
        String csp = site.contentSecurityPolicy();
        assertTrue(csp.contains("script-src 'self' 'sha256-" + hash + "'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("frame-src https://*.daily.co"), csp);
        assertTrue(csp.contains("connect-src 'self' https://*.daily.co wss://*.daily.co https://auth.example.com"),
                "the token endpoint is reachable: " + csp);
        assertTrue(csp.contains("frame-ancestors 'none'"));
        assertFalse(doc.contains("<script>"), "no inline script besides the import map");
    }

    @Test
    void assets_areCachedForAYear_onlyUnderTheCurrentVersion() {
        Site site = Site.load(AWS);
        assertEquals(Site.IMMUTABLE, site.asset(site.version(), "app.js").orElseThrow().cacheControl());
        assertEquals(Site.REVALIDATE, site.asset("0123456789abcdef", "app.js").orElseThrow().cacheControl(),
                "a page from an earlier deployment gets today's file, not cached for long");
        assertTrue(site.asset(site.version(), "nothing.js").isEmpty());
        assertEquals(Site.REVALIDATE, site.document().cacheControl());
    }

    @Test
    void aStandInForDailyJs_isReExported_andItsOriginAllowed() {
        Site site = Site.load(new SiteSettings("http://127.0.0.1:4567/_emulator/daily-js.mjs", "i", null, null,
                null, null));
        String module = site.asset(site.version(), "daily-esm.js").orElseThrow().body();
        assertEquals("export { default } from \"http://127.0.0.1:4567/_emulator/daily-js.mjs\";\n"
                + "export * from \"http://127.0.0.1:4567/_emulator/daily-js.mjs\";\n", module);
        assertTrue(site.contentSecurityPolicy().contains("http://127.0.0.1:4567"));
        assertTrue(site.version().length() == 16 && !site.version().equals(Site.load(AWS).version()),
                "another daily-js is another version");
        assertEquals("{\"signIn\":null}", site.config().body(), "no client id: no sign-in offered");
    }

    @Test
    void config_tellsThePagesWhereToSignIn() {
        String config = Site.load(AWS).config().body();
        assertEquals("{\"signIn\":{\"issuer\":\"https://issuer.example.com/\",\"clientId\":\"web-client\","
                + "\"authorizationUrl\":\"https://auth.example.com/oauth2/authorize\","
                + "\"tokenUrl\":\"https://auth.example.com/oauth2/token\",\"audience\":\"calroom\","
                + "\"scope\":\"openid email profile\"}}", config);
        assertThrows(IllegalArgumentException.class, () -> new SiteSettings("javascript:alert(1)", null, null, null,
                null, null));
    }

    @Test
    void theWebFunction_answersPagesAndAssets_andRefusesWhatNamesNoRoom() {
        Site site = Site.load(AWS);
        WebHandler web = new WebHandler(site);
        APIGatewayV2HTTPResponse page = web.handleRequest(event("GET /{room}", "/team",
                Map.of("room", "team")), null);
        assertEquals(200, page.getStatusCode());
        assertEquals("text/html; charset=utf-8", page.getHeaders().get("Content-Type"));
        assertEquals(site.contentSecurityPolicy(), page.getHeaders().get("Content-Security-Policy"));
        assertEquals("nosniff", page.getHeaders().get("X-Content-Type-Options"));
        assertEquals(404, web.handleRequest(event("GET /{room}", "/assets", Map.of("room", "assets")), null)
                .getStatusCode(), "a reserved name is no room");
        assertEquals(404, web.handleRequest(event("GET /{room}", "/No_Room", Map.of("room", "No_Room")), null)
                .getStatusCode());
        assertEquals(200, web.handleRequest(event("GET /{room}/{meetingId}", "/team/settings",
                Map.of("room", "team", "meetingId", "settings")), null).getStatusCode());
        APIGatewayV2HTTPResponse asset = web.handleRequest(event("GET /assets/{version}/{file}",
                "/assets/" + site.version() + "/style.css", Map.of("version", site.version(), "file", "style.css")),
                null);
        assertEquals(200, asset.getStatusCode());
        assertEquals("text/css; charset=utf-8", asset.getHeaders().get("Content-Type"));
        assertEquals(Site.IMMUTABLE, asset.getHeaders().get("Cache-Control"));
        APIGatewayV2HTTPResponse missing = web.handleRequest(event("GET /assets/{version}/{file}",
                "/assets/x/../../etc", Map.of("version", "x", "file", "..%2Fetc")), null);
        assertEquals(404, missing.getStatusCode());
        assertEquals("application/problem+json", missing.getHeaders().get("Content-Type"));
    }

    static APIGatewayV2HTTPEvent event(String routeKey, String path, Map<String, String> params) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRouteKey(routeKey);
        e.setRawPath(path);
        e.setPathParameters(params);
        e.setHeaders(Map.of());
        APIGatewayV2HTTPEvent.RequestContext ctx = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("GET");
        http.setPath(path);
        http.setSourceIp("203.0.113.9");
        ctx.setHttp(http);
        ctx.setRequestId("req-1");
        e.setRequestContext(ctx);
        return e;
    }
}
