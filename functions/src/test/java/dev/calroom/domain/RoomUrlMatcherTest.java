package dev.calroom.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomUrlMatcherTest {

    private final RoomUrlMatcher team = new RoomUrlMatcher("https://h.example/team");

    @Test
    void matches_theUrlOnAUrlBoundary() {
        assertTrue(team.matches("https://h.example/team"));
        assertTrue(team.matches("https://h.example/team/"));
        assertTrue(team.matches("https://h.example/team?x=1"));
        assertTrue(team.matches("https://h.example/team#a"));
        assertTrue(team.matches("Join: https://h.example/team. See you"));
        assertTrue(team.matches("<a href=\"https://H.EXAMPLE/team\">join</a>"));
        assertTrue(team.matches("line one\nhttps://h.example/team\nline three"));
    }

    @Test
    void neverMatches_aLongerRoomName_orAnotherPath() {
        assertFalse(team.matches("https://h.example/team-standup"));
        assertFalse(team.matches("https://h.example/teams"));
        assertFalse(team.matches("https://h.example/team/other"));
        assertFalse(team.matches("https://h.example/team_b"));
        assertFalse(team.matches("https://h.example/team.old"));
        assertFalse(team.matches("https://other.example/team"));
        assertFalse(team.matches(null));
    }

    @Test
    void findsALaterBoundaryMatch_afterAnEarlierNearMiss() {
        assertTrue(team.matches("https://h.example/team-standup or https://h.example/team"));
    }
}
