package dev.calroom.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

/** An OIDC issuer for tests: an RSA key, its JWKS served on loopback, and tokens signed with it. */
public final class TestIssuer implements AutoCloseable {

    public static final String AUDIENCE = "calroom-test";

    private final RSAKey key;
    private final RSAKey stranger;
    private final RSAKey rotatedAway;
    private volatile boolean down;
    private final HttpServer server;
    private final AtomicInteger jwksFetches = new AtomicInteger();

    public TestIssuer() throws IOException {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").generate();
            stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
            rotatedAway = new RSAKeyGenerator(2048).keyID("unknown-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/jwks.json", ex -> {
            jwksFetches.incrementAndGet();
            if (down) {
                ex.sendResponseHeaders(503, -1);
                ex.close();
                return;
            }
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
    }

    public String issuer() {
        return "https://issuer.calroom.test";
    }

    public URI jwksUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    public OidcSettings settings() {
        return new OidcSettings(issuer(), AUDIENCE, jwksUri());
    }

    public String token(String sub, String email) {
        return sign(key, claims(sub, email, issuer(), AUDIENCE, Instant.now().plus(Duration.ofHours(1))));
    }

    public String expiredToken(String sub) {
        return sign(key, claims(sub, null, issuer(), AUDIENCE, Instant.now().minus(Duration.ofHours(1))));
    }

    public String tokenForAudience(String sub, String audience) {
        return sign(key, claims(sub, null, issuer(), audience, Instant.now().plus(Duration.ofHours(1))));
    }

    public String tokenFromIssuer(String sub, String issuer) {
        return sign(key, claims(sub, null, issuer, AUDIENCE, Instant.now().plus(Duration.ofHours(1))));
    }

    /** Signed by a key the issuer never published, under the same key id. */
    public String forgedToken(String sub) {
        return sign(stranger, claims(sub, null, issuer(), AUDIENCE, Instant.now().plus(Duration.ofHours(1))));
    }

    /** Signed by a key under a key id the issuer does not publish (rotated away, or made up). */
    public String unknownKeyToken(String sub) {
        return sign(rotatedAway, claims(sub, null, issuer(), AUDIENCE, Instant.now().plus(Duration.ofHours(1))));
    }

    /** A valid token whose email_verified claim is the given JSON value (a boolean or a string). */
    public String tokenWithEmailVerified(String sub, String email, Object emailVerified) {
        return sign(key, new JWTClaimsSet.Builder(claims(sub, email, issuer(), AUDIENCE,
                Instant.now().plus(Duration.ofHours(1)))).claim("email_verified", emailVerified).build());
    }

    /** Makes the key-set endpoint answer 503 (the issuer is down) or serve again. */
    public void down(boolean down) {
        this.down = down;
    }

    public String unverifiedEmailToken(String sub, String email) {
        JWTClaimsSet c = new JWTClaimsSet.Builder(claims(sub, email, issuer(), AUDIENCE,
                Instant.now().plus(Duration.ofHours(1)))).claim("email_verified", false).build();
        return sign(key, c);
    }

    private static JWTClaimsSet claims(String sub, String email, String issuer, String audience, Instant exp) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(sub).issuer(issuer).audience(audience)
                .issueTime(new Date()).expirationTime(Date.from(exp));
        if (email != null) {
            b.claim("email", email).claim("name", sub.substring(0, 1).toUpperCase() + sub.substring(1));
        }
        return b.build();
    }

    private static String sign(RSAKey k, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(k.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(k));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
