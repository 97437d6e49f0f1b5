package dev.calroom.domain;

import java.util.List;
import java.util.Locale;

/**
 * Decides whether text names a room's public URL. The URL must stand on a URL boundary: {@code https://h/team}
 * matches {@code https://h/team}, {@code https://h/team/}, {@code https://h/team?x=1} and {@code https://h/team#a},
 * never {@code https://h/team-standup} or {@code https://h/teams}. Scheme and host compare case-insensitively; a
 * sentence's closing punctuation after the URL does not break the match.
 */
public final class RoomUrlMatcher {

    private final String needle;

    public RoomUrlMatcher(String roomUrl) {
        String url = roomUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.isEmpty()) {
            throw new IllegalArgumentException("room URL is empty");
        }
        this.needle = url.toLowerCase(Locale.ROOT);
    }

    /** True when any of the texts names the room URL. */
    public boolean matchesAny(List<String> texts) {
        for (String text : texts) {
            if (matches(text)) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(String text) {
        if (text == null || text.length() < needle.length()) {
            return false;
        }
        String hay = text.toLowerCase(Locale.ROOT);
        int from = 0;
        while (true) {
            int at = hay.indexOf(needle, from);
            if (at < 0) {
                return false;
            }
            if (startsOnBoundary(hay, at) && endsOnBoundary(hay, at + needle.length())) {
                return true;
            }
            from = at + 1;
        }
    }

    private static boolean startsOnBoundary(String hay, int at) {
        if (at == 0) {
            return true;
        }
        char before = hay.charAt(at - 1);
        return !Character.isLetterOrDigit(before) && before != '.' && before != '-' && before != '_';
    }

    private static boolean endsOnBoundary(String hay, int end) {
        if (end >= hay.length()) {
            return true;
        }
        char c = hay.charAt(end);
        switch (c) {
            case '?', '#' -> {
                return true;
            }
            case '/' -> {
                // https://h/team/ is the room; https://h/team/other is another path.
                return end + 1 >= hay.length() || isTerminator(hay.charAt(end + 1)) || hay.charAt(end + 1) == '?'
                        || hay.charAt(end + 1) == '#';
            }
            case '.', ',', '!', ';', ':' -> {
                // Sentence punctuation after the URL, not part of it.
                return end + 1 >= hay.length() || isTerminator(hay.charAt(end + 1));
            }
            default -> {
                return isTerminator(c);
            }
        }
    }

    private static boolean isTerminator(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == ')' || c == '('
                || c == ']' || c == '[' || c == '\\' || c == '|' || c == ',' || c == ';';
    }
}
