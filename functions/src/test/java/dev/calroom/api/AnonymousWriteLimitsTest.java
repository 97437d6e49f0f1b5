package dev.calroom.api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnonymousWriteLimitsTest {

    private ApiTestBed bed;

    @BeforeEach
    void setUp() throws Exception {
        bed = new ApiTestBed(Instant.parse("2026-11-23T09:00:00Z"), Map.of("ADHOC_ANON_LIMIT_PER_ROOM", "6",
                "ADHOC_ANON_LIMIT_PER_CALLER", "3", "ADHOC_ANON_LIMIT_WINDOW_MINUTES", "10"));
        assertEquals(201, bed.request("POST /v1/rooms").as("alice", "alice@example.com")
                .body("{\"name\":\"open-room\"}").send().status());
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    private ApiTestBed.Reply anonymousCreate(String ip) {
        return bed.request("POST /v1/rooms/{room}/meetings").path("room", "open-room").from(ip).send();
    }

    @Test
    void anonymousCreates_areLimitedPerCaller_with429AndRetryAfter() {
        for (int i = 0; i < 3; i++) {
            assertEquals(201, anonymousCreate("203.0.113.7").status());
        }
        ApiTestBed.Reply limited = anonymousCreate("203.0.113.7");
        assertEquals(429, limited.status(), limited.raw());
        assertEquals("rate-limited", limited.code());
        assertNotNull(limited.header("Retry-After"));
        long retry = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retry >= 1 && retry <= 600, "Retry-After " + retry);
        assertEquals(201, anonymousCreate("198.51.100.9").status(), "another caller is not limited by the first");
    }

    @Test
    void anonymousCreates_areLimitedPerRoom_acrossCallers_andTheWindowEnds() {
        for (int i = 0; i < 6; i++) {
            assertEquals(201, anonymousCreate("198.51.100." + i).status());
        }
        assertEquals(429, anonymousCreate("198.51.100.99").status());
        bed.clock.advance(Duration.ofMinutes(10));
        assertEquals(201, anonymousCreate("198.51.100.99").status(), "a new window");
    }

    @Test
    void signedInCallers_areNotLimited() {
        for (int i = 0; i < 8; i++) {
            assertEquals(201, bed.request("POST /v1/rooms/{room}/meetings").path("room", "open-room")
                    .as("bob", "bob@example.com").send().status());
        }
    }

    @Test
    void concurrentAnonymousCreates_fromOneCaller_createExactlyTheLimit() throws Exception {
        List<Future<Integer>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 12; i++) {
                replies.add(pool.submit(() -> anonymousCreate("192.0.2.44").status()));
            }
        }
        int created = 0;
        int limited = 0;
        for (Future<Integer> f : replies) {
            int status = f.get();
            created += status == 201 ? 1 : 0;
            limited += status == 429 ? 1 : 0;
        }
        assertEquals(3, created);
        assertEquals(9, limited);
    }
}
