package dev.calroom.tools;

import dev.calroom.web.Site;
import dev.calroom.web.SiteSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code calroom site --out DIR}: the web pages as plain files, exactly what the web function serves, for a static
 * host (S3 behind CloudFront): {@code index.html}, {@code config.json} and {@code assets/<version>/...}, and the
 * Content-Security-Policy the host should send with {@code index.html}.
 */
final class SiteCommand {

    private SiteCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path dir = null;
        String issuer = null;
        String clientId = null;
        String authorizationUrl = null;
        String tokenUrl = null;
        String audience = null;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> dir = Path.of(UsageException.value(args, ++i, "--out"));
                    case "--issuer" -> issuer = UsageException.value(args, ++i, "--issuer");
                    case "--client-id" -> clientId = UsageException.value(args, ++i, "--client-id");
                    case "--authorization-url" ->
                            authorizationUrl = UsageException.value(args, ++i, "--authorization-url");
                    case "--token-url" -> tokenUrl = UsageException.value(args, ++i, "--token-url");
                    case "--audience" -> audience = UsageException.value(args, ++i, "--audience");
                    default -> throw new UsageException("unknown option " + args[i]);
                }
            }
            if (dir == null) {
                throw new UsageException("--out is required");
            }
            Site site;
            try {
                site = Site.load(new SiteSettings(null, issuer, clientId, authorizationUrl, tokenUrl, audience));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            Path assets = dir.resolve("assets").resolve(site.version());
            Files.createDirectories(assets);
            Files.writeString(dir.resolve("index.html"), site.document().body(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("config.json"), site.config().body(), StandardCharsets.UTF_8);
            for (String name : site.assetNames()) {
                Files.writeString(assets.resolve(name), site.asset(site.version(), name).orElseThrow().body(),
                        StandardCharsets.UTF_8);
            }
            out.println("wrote " + (site.assetNames().size() + 2) + " files to " + dir + " (version "
                    + site.version() + ")");
            out.println("Cache-Control: " + "index.html and config.json no-cache; assets/" + site.version()
                    + "/* public, max-age=31536000, immutable");
            out.println("Content-Security-Policy (index.html): " + site.contentSecurityPolicy());
            return 0;
        } catch (UsageException e) {
            err.println("calroom site: " + e.getMessage());
            err.println("usage: calroom site --out DIR [--issuer URL --client-id ID --authorization-url URL "
                    + "--token-url URL [--audience AUD]]");
            return 2;
        } catch (IOException e) {
            err.println("calroom site: " + e.getMessage());
            return 1;
        }
    }
}
