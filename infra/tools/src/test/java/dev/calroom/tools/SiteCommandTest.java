package dev.calroom.tools;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiteCommandTest {

    @Test
    void site_writesThePagesAsStaticFiles_everyPathTheDocumentNamesExisting() throws Exception {
        Path dir = Files.createTempDirectory("calroom-site");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Calroom.run(new String[]{"site", "--out", dir.toString(), "--issuer", "https://id.example.com/",
                "--client-id", "pages", "--authorization-url", "https://id.example.com/authorize",
                "--token-url", "https://id.example.com/token"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, code);
        String index = Files.readString(dir.resolve("index.html"));
        Matcher m = Pattern.compile("\"(/assets/[^\"]+)\"").matcher(index);
        int named = 0;
        while (m.find()) {
            assertTrue(Files.isRegularFile(dir.resolve(m.group(1).substring(1))), m.group(1));
            named++;
        }
        assertTrue(named >= 6, "the document names its script, styles, icon and import map entries");
        assertTrue(Files.readString(dir.resolve("config.json")).contains("\"clientId\":\"pages\""));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Content-Security-Policy (index.html): "
                + "default-src 'none'"));
    }

    @Test
    void site_withoutAnOutputFolder_orWithABadUrl_isAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, Calroom.run(new String[]{"site"}, System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--out is required"));
        assertEquals(2, Calroom.run(new String[]{"site", "--out", "x", "--token-url", "ftp://x"}, System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("OIDC_TOKEN_URL must be an http(s) URL"));
    }
}
