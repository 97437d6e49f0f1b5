package dev.calroom.handler;

import dev.calroom.api.ApiTestBed;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LazyVideoProviderTest {

    @Test
    void listingMeetings_neverBuildsTheDailyClient_joiningDoes() throws Exception {
        try (ApiTestBed api = new ApiTestBed(Instant.parse("2026-11-23T08:00:00Z"))) {
            assertEquals(201, api.request("POST /v1/rooms").as("alice", "alice@example.com")
                    .body("{\"name\":\"team\"}").send().status());
            assertEquals(200, api.request("GET /v1/rooms/{room}/meetings").path("room", "team").send().status());
            ApiTestBed.Reply created = api.request("POST /v1/rooms/{room}/meetings").path("room", "team")
                    .as("alice", "alice@example.com").body("{}").send();
            assertEquals(201, created.status());
            assertFalse(api.components.videoBuilt(), "listing and creating a meeting need no Daily client");
            assertEquals(200, api.request("POST /v1/rooms/{room}/meetings/{meetingId}/join").path("room", "team")
                    .path("meetingId", created.json().path("id").asText()).send().status());
            assertTrue(api.components.videoBuilt(), "joining builds it");
        }
    }
}
