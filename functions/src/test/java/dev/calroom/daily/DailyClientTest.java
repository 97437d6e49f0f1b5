package dev.calroom.daily;

import dev.calroom.domain.VideoRoom;
import dev.calroom.meetings.MeetingTokenRequest;
import dev.calroom.meetings.VideoProviderException;
import dev.calroom.sync.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DailyClientTest {

    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    final MutableClock clock = new MutableClock(NOW);
    DailyEmulator daily;
    DailyClient client;

    @BeforeEach
    void setUp() throws Exception {
        daily = new DailyEmulator(clock::instant);
        client = client(DailySettings.interactive());
    }

    DailyClient client(DailySettings s) {
        return new DailyClient(DailyClient.defaultHttpClient(Duration.ofSeconds(1)), daily.baseUrl(),
                () -> "secret-key", s);
    }

    @AfterEach
    void tearDown() {
        daily.close();
    }

    @Test
    void createRoom_isPrivate_expiresAtTheGivenTime_andReturnsTheExistingRoomOnANameConflict() {
        Instant exp = NOW.plus(Duration.ofHours(1));
        VideoRoom first = client.createRoom("cr_team_m1", exp);
        assertEquals("https://calroom.daily.co/cr_team_m1", first.url());
        assertEquals(exp, first.expiresAt());
        VideoRoom again = client.createRoom("cr_team_m1", exp.plusSeconds(600));
        assertEquals(first.url(), again.url());
        assertEquals(1, daily.rooms().size());
        assertEquals(1, daily.calls("GET /v1/rooms/:name"), "the conflict was resolved by reading the room");
    }

    @Test
    void deleteRoom_countsAMissingRoomAsDeleted() {
        client.createRoom("cr_a", NOW.plus(Duration.ofHours(1)));
        client.deleteRoom("cr_a");
        client.deleteRoom("cr_a");
        assertFalse(daily.exists("cr_a"));
        assertFalse(client.setRoomExpiry("cr_a", NOW.plus(Duration.ofHours(2))));
    }

    @Test
    void rateLimitsAndServerErrors_areRetried() {
        daily.faults(0.5);
        for (int i = 0; i < 10; i++) {
            client.createRoom("cr_r" + i, NOW.plus(Duration.ofHours(1)));
        }
        assertEquals(10, daily.rooms().size());
        assertTrue(daily.calls("POST /v1/rooms") > 10, "some calls were retried");
    }

    @Test
    void aProviderThatStaysDown_givesAnErrorWithRetryAfter_andTheKeyIsNeitherInItNorLogged() {
        daily.faults(1.0);
        java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
        dev.calroom.support.Log.to(new java.io.PrintStream(logs, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            VideoProviderException e = assertThrows(VideoProviderException.class,
                    () -> client.createRoom("cr_down", NOW.plus(Duration.ofHours(1))));
            assertTrue(e.retryAfter().toSeconds() > 0);
            assertFalse(e.getMessage().contains("secret-key"));
            String logged = logs.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(logged.contains("daily call retried"), "retries are logged");
            assertFalse(logged.contains("secret-key"));
        } finally {
            dev.calroom.support.Log.to(System.out);
        }
    }

    @Test
    void slowAnswers_timeOutWithinTheBudget() {
        daily.latency(Duration.ofSeconds(3));
        DailySettings quick = new DailySettings(Duration.ofMillis(300), Duration.ofSeconds(1), 3,
                Duration.ofMillis(50), Duration.ofMillis(100), 20, 2, Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        assertThrows(VideoProviderException.class, () -> client(quick).createRoom("cr_slow", NOW.plusSeconds(3600)));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(3).toNanos());
    }

    @Test
    void selfSignedTokens_areHs256WithTheApiKey_carryTheDomainId_andNeedNoCallPerToken() throws Exception {
        String token = client.createToken(new MeetingTokenRequest("cr_s", "Ada", "u-1", false, NOW,
                NOW.plus(Duration.ofHours(1))));
        client.createToken(new MeetingTokenRequest("cr_s", "Ben", null, false, NOW, NOW.plus(Duration.ofHours(1))));
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("secret-key".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "HmacSHA256"));
        String expected = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(
                (parts[0] + "." + parts[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(expected, parts[2]);
        var claims = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("cr_s", claims.path("r").asText());
        assertEquals(DailyEmulator.DOMAIN_ID, claims.path("d").asText());
        assertEquals("Ada", claims.path("u").asText());
        assertEquals("u-1", claims.path("ud").asText());
        assertFalse(claims.path("o").asBoolean());
        assertTrue(claims.has("iat"));
        assertEquals(NOW.plus(Duration.ofHours(1)).getEpochSecond(), claims.path("exp").asLong());
        assertEquals(0, daily.calls("POST /v1/meeting-tokens"));
        assertEquals(1, daily.calls("GET /v1/"), "the domain id is read once");
    }

    @Test
    void tokensCarryRoomUserAndTimes_andPresenceListsParticipants() {
        client = client(DailySettings.interactive().withSelfSignedTokens(false));
        client.createRoom("cr_t", NOW.plus(Duration.ofHours(1)));
        String token = client.createToken(new MeetingTokenRequest("cr_t", "Ada", "u-1", true, NOW,
                NOW.plus(Duration.ofHours(1))));
        var props = DailyEmulator.tokenProperties(token);
        assertEquals("cr_t", props.path("room_name").asText());
        assertEquals("Ada", props.path("user_name").asText());
        assertEquals("u-1", props.path("user_id").asText());
        assertTrue(props.path("is_owner").asBoolean());
        assertEquals(NOW.getEpochSecond(), props.path("nbf").asLong());
        assertEquals(NOW.plus(Duration.ofHours(1)).getEpochSecond(), props.path("exp").asLong());

        var p = daily.join("cr_t", "Ada");
        var present = client.presence("cr_t");
        assertEquals(1, present.size());
        assertEquals(p.sessionId(), present.getFirst().sessionId());
        assertEquals(0, client.presence("cr_missing").size());
    }
}
