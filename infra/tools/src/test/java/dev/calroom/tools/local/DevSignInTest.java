package dev.calroom.tools.local;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The development issuer's authorization code flow: PKCE S256, one use per code, the site's own redirect only. */
class DevSignInTest {

    static final String SITE = "http://127.0.0.1:3000";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    final DevSignIn signIn;

    DevSignInTest() throws Exception {
        signIn = new DevSignIn(DevIssuer.open(null), SITE);
    }

    static String request(String redirect, String challenge) {
        return "response_type=code&client_id=calroom-web&redirect_uri=" + enc(redirect) + "&state=s1"
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    String code() {
        DevSignIn.Answer a = signIn.authorize(request(SITE + "/", DevSignIn.challengeOf(VERIFIER))
                + "&sub=alice&email=alice%40example.com&name=Alice");
        assertEquals(303, a.status());
        Matcher m = Pattern.compile("^http://127\\.0\\.0\\.1:3000/\\?code=([^&]+)&state=s1$").matcher(a.location());
        assertTrue(m.matches(), a.location());
        return m.group(1);
    }

    String redeem(String code, String verifier) {
        return "grant_type=authorization_code&code=" + code + "&redirect_uri=" + enc(SITE + "/")
                + "&client_id=calroom-web&code_verifier=" + verifier;
    }

    @Test
    void aCode_isRedeemedOnce_forTheVerifierOfItsChallenge() {
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", DevSignIn.challengeOf(VERIFIER),
                "RFC 7636 appendix B");
        assertEquals(200, signIn.authorizeForm(request(SITE + "/", DevSignIn.challengeOf(VERIFIER))).status());
        String wrong = code();
        DevSignIn.Answer refused = signIn.token(redeem(wrong, VERIFIER.replace('d', 'e')));
        assertEquals(400, refused.status());
        assertTrue(refused.body().contains("invalid_grant"));
        String code = code();
        DevSignIn.Answer tokens = signIn.token(redeem(code, VERIFIER));
        assertEquals(200, tokens.status(), tokens.body());
        assertTrue(tokens.body().contains("\"access_token\":\"ey"));
        assertEquals(400, signIn.token(redeem(code, VERIFIER)).status(), "a code is used once");
    }

    @Test
    void requestsWithoutPkce_orRedirectingElsewhere_areRefused() {
        assertEquals(400, signIn.authorizeForm(request("https://evil.example.com/", DevSignIn.challengeOf(VERIFIER)))
                .status());
        assertEquals(400, signIn.authorizeForm(request(SITE + "/", "short")).status());
        assertEquals(400, signIn.authorizeForm(request(SITE + "/", DevSignIn.challengeOf(VERIFIER))
                .replace("S256", "plain")).status());
        assertEquals(400, signIn.authorizeForm(request(SITE + "/", DevSignIn.challengeOf(VERIFIER))
                .replace("calroom-web", "other")).status());
    }
}
