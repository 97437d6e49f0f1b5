package dev.calroom.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Verifies OIDC bearer JWTs: signature against the issuer's JWKS (fetched once and cached per container, refreshed
 * when a token names an unknown key), issuer, audience, expiry and not-before (60 s skew). Accepts RS256/384/512,
 * PS256 and ES256/384 only, never {@code none} or HMAC.
 */
public final class JwksTokenVerifier implements TokenVerifier {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

    private final OidcSettings settings;
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private volatile JWKSource<SecurityContext> keys;

    public JwksTokenVerifier(OidcSettings settings) {
        this.settings = settings;
    }

    @Override
    public Caller verify(String token) throws InvalidTokenException {
        try {
            JWTClaimsSet claims = processor().process(token, null);
            String sub = claims.getSubject();
            if (sub == null || sub.isBlank()) {
                throw new InvalidTokenException("token has no subject", null);
            }
            String email = claims.getClaim("email") instanceof String s ? s : null;
            if (!emailVerified(claims.getClaim("email_verified"))) {
                email = null;
            }
            return new Caller(sub, email, claims.getClaim("name") instanceof String n ? n : null);
        } catch (ParseException | BadJOSEException e) {
            throw new InvalidTokenException("token rejected: " + e.getMessage(), e);
        } catch (RateLimitReachedException e) {
            // A token naming a key id the issuer does not publish, while the key-set refresh is rate-limited: the
            // token cannot be verified, which is the caller's problem, not the service's.
            throw new InvalidTokenException("token names a signing key the issuer does not publish", e);
        } catch (KeySourceException e) {
            throw new IssuerUnavailableException("the issuer's signing keys could not be read", e);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new InvalidTokenException("token could not be verified", e);
        }
    }

    /**
     * Whether the email is verified: absent (many issuers only send verified emails), a boolean, or the strings
     * "true"/"false" as some identity providers send it. Anything else is not a verification.
     */
    static boolean emailVerified(Object claim) {
        return switch (claim) {
            case null -> true;
            case Boolean b -> b;
            case String s -> s.trim().equalsIgnoreCase("true");
            default -> false;
        };
    }

    /**
     * Discovers the issuer and loads its signing keys now (container init, SnapStart priming), so that the first
     * signed-in request after a restore verifies from memory.
     */
    public void prime() {
        List<JWK> published;
        try {
            processor();
            published = keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
        } catch (RuntimeException | KeySourceException e) {
            return; // The first request retries.
        }
        // A token that names a published key but carries no valid signature takes the whole verification path
        // (parsing, key selection, the signature check) and is refused: nothing is accepted here.
        for (JWK key : published) {
            if (key.getAlgorithm() == null || ALGORITHMS.contains(JWSAlgorithm.parse(key.getAlgorithm().getName()))) {
                try {
                    verify(unsigned(key));
                } catch (InvalidTokenException | RuntimeException expected) {
                    // refused, as it must be
                }
                return;
            }
        }
    }

    /** A token naming {@code key} whose signature is zeros of the key's length. */
    private String unsigned(JWK key) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        JWSAlgorithm alg = key.getAlgorithm() != null ? JWSAlgorithm.parse(key.getAlgorithm().getName())
                : key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
        String header = "{\"alg\":\"" + alg.getName() + "\",\"typ\":\"JWT\""
                + (key.getKeyID() == null ? "" : ",\"kid\":\"" + key.getKeyID() + "\"") + "}";
        String claims = "{\"iss\":\"" + settings.issuer() + "\",\"sub\":\"priming\",\"exp\":4102444800}";
        int length = key instanceof RSAKey rsa ? (rsa.size() + 7) / 8 : 64;
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(
                new byte[length]);
    }

    private DefaultJWTProcessor<SecurityContext> processor() {
        DefaultJWTProcessor<SecurityContext> p = processor;
        if (p == null) {
            synchronized (this) {
                if (processor == null) {
                    processor = build();
                }
                p = processor;
            }
        }
        return p;
    }

    private DefaultJWTProcessor<SecurityContext> build() {
        URI jwks = settings.jwksUri() != null ? settings.jwksUri() : discover(settings.issuer());
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(jwks.toURL()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("OIDC JWKS URL is not a URL", e);
        }
        this.keys = keys;
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(settings.audience(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp", "iss", "aud")));
        return p;
    }

    private static URI discover(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode doc = new ObjectMapper().readTree(r.body());
            if (r.statusCode() != 200 || !doc.path("jwks_uri").isTextual()) {
                throw new IssuerUnavailableException("OIDC discovery document has no jwks_uri", null);
            }
            return URI.create(doc.path("jwks_uri").asText());
        } catch (IOException e) {
            throw new IssuerUnavailableException("OIDC discovery failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IssuerUnavailableException("OIDC discovery interrupted", e);
        }
    }
}
