package dev.calroom.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenClaimsTest {

    @Test
    void emailVerified_acceptsBooleansAndTheStringsIdentityProvidersSend() throws Exception {
        try (TestIssuer issuer = new TestIssuer()) {
            JwksTokenVerifier verifier = new JwksTokenVerifier(issuer.settings());
            assertEquals("ada@example.com", verifier.verify(issuer.tokenWithEmailVerified("ada", "ada@example.com",
                    true)).email());
            assertEquals("ada@example.com", verifier.verify(issuer.tokenWithEmailVerified("ada", "ada@example.com",
                    "true")).email());
            assertEquals("ada@example.com", verifier.verify(issuer.tokenWithEmailVerified("ada", "ada@example.com",
                    "TRUE")).email());
            assertNull(verifier.verify(issuer.tokenWithEmailVerified("ada", "ada@example.com", "false")).email());
            assertNull(verifier.verify(issuer.tokenWithEmailVerified("ada", "ada@example.com", false)).email());
            assertNull(verifier.verify(issuer.tokenWithEmailVerified("ada", "ada@example.com", "yes")).email(),
                    "anything else is not a verification");
            assertNull(verifier.verify(issuer.tokenWithEmailVerified("ada", "ada@example.com", 1)).email());
            assertEquals("ada@example.com", verifier.verify(issuer.token("ada", "ada@example.com")).email(),
                    "absent: the issuer sends only verified emails");
        }
    }

    @Test
    void unreachableIssuer_isUnavailable_notAnInvalidToken_andNotAnUnexpectedFailure() throws Exception {
        try (TestIssuer issuer = new TestIssuer()) {
            issuer.down(true);
            JwksTokenVerifier verifier = new JwksTokenVerifier(issuer.settings());
            assertThrows(IssuerUnavailableException.class, () -> verifier.verify(issuer.token("ada", null)));
            issuer.down(false);
            assertEquals("ada", verifier.verify(issuer.token("ada", null)).sub());
        }
    }

    @Test
    void priming_loadsTheKeySet_soTheFirstRequestFetchesNothing() throws Exception {
        try (TestIssuer issuer = new TestIssuer()) {
            JwksTokenVerifier verifier = new JwksTokenVerifier(issuer.settings());
            verifier.prime();
            assertEquals(1, issuer.jwksFetches());
            verifier.verify(issuer.token("ada", null));
            assertEquals(1, issuer.jwksFetches(), "the first verification after priming fetched the key set");
        }
    }
}
