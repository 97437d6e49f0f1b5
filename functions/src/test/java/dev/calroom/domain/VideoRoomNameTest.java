package dev.calroom.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoRoomNameTest {

    @Test
    void namesLeadBackToTheirMeeting_andOtherDeploymentsNamesAreNotOurs() {
        String id = "20261123T090000Z-20261123T093000Z-e0123456789abcdef";
        String name = VideoRoomName.of("cr", "team-standup", id);
        assertEquals("cr_team-standup_" + id, name);
        assertTrue(name.length() <= 128);
        assertEquals(Optional.of(new VideoRoomName.Key("team-standup", id)), VideoRoomName.parse("cr", name));
        assertEquals(Optional.empty(), VideoRoomName.parse("prod", name));
        assertEquals(Optional.empty(), VideoRoomName.parse("cr", "cr_Team_x"));
        assertEquals(Optional.empty(), VideoRoomName.parse("cr", "cr_team_a_b"));
        assertEquals(Optional.empty(), VideoRoomName.parse("cr", null));
    }

    @Test
    void theLongestRoomAndMeetingIdFitDailysLimit() {
        String room = "r".repeat(64);
        String id = "20261123T090000Z-20261123T093000Z-e0123456789abcdef";
        assertTrue(VideoRoomName.of("cr", room, id).length() <= 128);
        assertThrows(IllegalArgumentException.class, () -> VideoRoomName.of("cr", room, "x".repeat(80)));
    }
}
