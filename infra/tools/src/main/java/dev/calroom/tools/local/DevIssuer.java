package dev.calroom.tools.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The local stack's OIDC issuer: an RSA key kept in the data directory (so tokens outlive restarts and the
 * {@code token} command signs with the key the stack trusts), its JWKS, and tokens for any subject. For local
 * development only.
 */
public final class DevIssuer {

    public static final String ISSUER = "https://calroom.local/dev-issuer";
    public static final String AUDIENCE = "calroom-local";

    private final RSAKey key;

    private DevIssuer(RSAKey key) {
        this.key = key;
    }

    /** The issuer whose key lives in {@code dataDir} (created on first use), or a throwaway one when null. */
    public static DevIssuer open(Path dataDir) throws IOException {
        if (dataDir == null) {
            return new DevIssuer(generate());
        }
        Path file = dataDir.resolve("dev-issuer.jwk");
        if (Files.exists(file)) {
            try {
                return new DevIssuer(RSAKey.parse(Files.readString(file)));
            } catch (ParseException e) {
                throw new IOException("unreadable dev issuer key " + file.getFileName(), e);
            }
        }
        Files.createDirectories(dataDir);
        RSAKey key = generate();
        Files.writeString(file, key.toJSONString(), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        return new DevIssuer(key);
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID("calroom-dev-" + UUID.randomUUID().toString().substring(0, 8))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** A token for {@code sub}, valid for 12 hours. */
    public String token(String sub, String email, String name) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(sub)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(Duration.ofHours(12))));
        if (email != null) {
            claims.claim("email", email).claim("email_verified", true);
        }
        if (name != null) {
            claims.claim("name", name);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
