package dev.calroom.ics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits iCalendar text into calendar properties, VTIMEZONE blocks and VEVENTs in one pass, without building
 * ical4j components. Unfolds continuation lines (a line starting with a space or tab), accepts CRLF, LF or CR line
 * ends, skips blank lines and X-LIC-ERROR lines, and leaves nested components of an event (VALARM) out of it.
 */
final class IcsLexer {

    private IcsLexer() {
    }

    /**
     * Lexes a feed's UTF-8 bytes (a leading byte order mark is skipped); of a VEVENT that {@code distant} tells cannot
     * reach the window, only the lines the reader needs are kept, so that a large feed's far past and future are not
     * held while the rest is read. With {@code distant} null, every line of every VEVENT is kept.
     */
    static IcsDocument lex(byte[] text, DistantEvents distant) throws FeedParseException {
        Map<String, String> calendarProps = new HashMap<>();
        Map<String, String> timezones = new LinkedHashMap<>();
        List<RawEvent> events = new ArrayList<>();
        List<FeedProblem> problems = new ArrayList<>();

        Deque<String> stack = new ArrayDeque<>();
        boolean sawCalendar = false;
        boolean calendarClosed = false;
        List<ContentLine> eventLines = null;
        // One list collects every event's lines; each event keeps an exact copy of what it keeps.
        List<ContentLine> scratchLines = new ArrayList<>(32);
        int eventLine = 0;
        StringBuilder tzText = null;
        String tzid = null;

        int pos = 0;
        int n = text.length;
        if (n >= 3 && text[0] == (byte) 0xEF && text[1] == (byte) 0xBB && text[2] == (byte) 0xBF) {
            pos = 3;
        }
        int physicalLine = 0;
        byte[] scratch = null;
        while (pos < n) {
            // Read one logical (unfolded) line starting at pos: most lines are read where they lie; a folded one is
            // copied together into an array of its own.
            int lineStartNumber = physicalLine + 1;
            int end = lineEnd(text, pos, n);
            int next = skipNewline(text, end, n);
            physicalLine++;
            byte[] line = text;
            int from = pos;
            int to = end;
            if (next < n && isFoldChar(text[next])) {
                int length = end - pos;
                scratch = grow(scratch, length);
                System.arraycopy(text, pos, scratch, 0, length);
                while (next < n && isFoldChar(text[next])) {
                    int contEnd = lineEnd(text, next, n);
                    int part = contEnd - next - 1;
                    scratch = grow(scratch, length + part);
                    System.arraycopy(text, next + 1, scratch, length, part);
                    length += part;
                    next = skipNewline(text, contEnd, n);
                    physicalLine++;
                }
                line = Arrays.copyOf(scratch, length);
                from = 0;
                to = length;
            }
            pos = next;

            if (isBlank(line, from, to)) {
                continue;
            }
            if (calendarClosed) {
                if (startsWithIgnoreCase(line, from, to, "BEGIN:VCALENDAR")) {
                    // Some exports concatenate several calendars; read them all.
                    calendarClosed = false;
                    stack.push("VCALENDAR");
                }
                continue;
            }
            ContentLine cl = ContentLine.parse(line, from, to, lineStartNumber);
            if (cl == null) {
                if (!sawCalendar) {
                    throw new FeedParseException("not an iCalendar feed: expected BEGIN:VCALENDAR", lineStartNumber);
                }
                problems.add(new FeedProblem(lineStartNumber, null, "malformed line skipped"));
                continue;
            }
            String name = cl.name();
            if (name.equals("BEGIN")) {
                String comp = cl.componentName();
                if (!sawCalendar) {
                    if (!comp.equals("VCALENDAR")) {
                        throw new FeedParseException("not an iCalendar feed: expected BEGIN:VCALENDAR", lineStartNumber);
                    }
                    sawCalendar = true;
                }
                if (comp.equals("VEVENT") && stack.size() > 1) {
                    // A VEVENT only ever sits in VCALENDAR: whatever is still open was never ended (a misspelt or
                    // missing END). Close it here so that one broken component does not swallow the rest.
                    while (stack.size() > 1) {
                        String dropped = stack.pop();
                        problems.add(new FeedProblem(lineStartNumber, null, "BEGIN:" + dropped
                                + " never ended; reading resumes at the VEVENT on this line"
                                + (dropped.equals("VEVENT") && eventLines != null ? " (the unended VEVENT from line "
                                + eventLine + " is skipped)" : "")));
                        if (dropped.equals("VEVENT")) {
                            eventLines = null;
                        } else if (dropped.equals("VTIMEZONE")) {
                            tzText = null;
                        }
                    }
                }
                stack.push(comp);
                if (comp.equals("VEVENT") && stack.size() == 2) {
                    scratchLines.clear();
                    eventLines = scratchLines;
                    eventLine = lineStartNumber;
                } else if (comp.equals("VTIMEZONE") && stack.size() == 2) {
                    tzText = new StringBuilder(512);
                    tzid = null;
                }
                if (tzText != null) {
                    tzText.append(new String(line, from, to - from, StandardCharsets.UTF_8)).append("\r\n");
                }
                continue;
            }
            if (!sawCalendar) {
                throw new FeedParseException("not an iCalendar feed: expected BEGIN:VCALENDAR", lineStartNumber);
            }
            if (name.equals("END")) {
                String comp = cl.componentName();
                if (stack.isEmpty()) {
                    problems.add(new FeedProblem(lineStartNumber, null, "END:" + comp + " without BEGIN skipped"));
                    continue;
                }
                if (!stack.peek().equals(comp)) {
                    // Recover from a missing END of a nested component: unwind to the matching BEGIN if there is one.
                    if (!stack.contains(comp)) {
                        problems.add(new FeedProblem(lineStartNumber, null, "END:" + comp + " without BEGIN skipped"));
                        continue;
                    }
                    while (!stack.peek().equals(comp)) {
                        String dropped = stack.pop();
                        problems.add(new FeedProblem(lineStartNumber, null, "BEGIN:" + dropped + " never ended"));
                        if (dropped.equals("VEVENT")) {
                            eventLines = null;
                        }
                    }
                }
                if (tzText != null) {
                    tzText.append(new String(line, from, to - from, StandardCharsets.UTF_8)).append("\r\n");
                }
                stack.pop();
                if (comp.equals("VEVENT") && stack.size() == 1 && eventLines != null) {
                    events.add(new RawEvent(eventLine, distant == null ? List.copyOf(eventLines)
                            : distant.keep(eventLines)));
                    eventLines = null;
                } else if (comp.equals("VTIMEZONE") && stack.size() == 1 && tzText != null) {
                    if (tzid != null) {
                        timezones.putIfAbsent(tzid, tzText.toString());
                    }
                    tzText = null;
                } else if (comp.equals("VCALENDAR") && stack.isEmpty()) {
                    calendarClosed = true;
                }
                continue;
            }
            if (name.equals("X-LIC-ERROR")) {
                continue;
            }
            int depth = stack.size();
            if (eventLines != null && depth == 2) {
                eventLines.add(cl);
            } else if (tzText != null) {
                tzText.append(new String(line, from, to - from, StandardCharsets.UTF_8)).append("\r\n");
                if (depth == 2 && name.equals("TZID")) {
                    // TZID is TEXT-like in exports: "Kuala Lumpur\, Singapore" names "Kuala Lumpur, Singapore".
                    tzid = IcsValues.text(unquote(cl.value()));
                }
            } else if (depth == 1) {
                calendarProps.putIfAbsent(name, cl.value());
            }
        }
        if (!sawCalendar) {
            throw new FeedParseException("not an iCalendar feed: the body is empty or holds no BEGIN:VCALENDAR", 0);
        }
        if (!calendarClosed) {
            throw new FeedParseException("feed ends before END:VCALENDAR (truncated?)", physicalLine);
        }
        return new IcsDocument(calendarProps, timezones, events, problems);
    }

    static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    private static boolean isFoldChar(byte c) {
        return c == ' ' || c == '\t';
    }

    private static byte[] grow(byte[] buffer, int length) {
        if (buffer == null) {
            return new byte[Math.max(256, length)];
        }
        return buffer.length >= length ? buffer : Arrays.copyOf(buffer, Math.max(length, buffer.length * 2));
    }

    /** Whether {@code line[from, to)} holds only blanks, as {@link String#isBlank} tells. */
    static boolean isBlank(byte[] line, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = line[i] & 0xFF;
            if (c >= 0x80) {
                return new String(line, from, to - from, StandardCharsets.UTF_8).isBlank();
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] line, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            int c = line[from + i];
            if ((c >= 'a' && c <= 'z' ? c - 32 : c) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(byte[] text, int from, int n) {
        int i = from;
        while (i < n) {
            byte c = text[i];
            if (c == '\n' || c == '\r') {
                return i;
            }
            i++;
        }
        return n;
    }

    private static int skipNewline(byte[] text, int end, int n) {
        if (end < n && text[end] == '\r') {
            end++;
        }
        if (end < n && text[end] == '\n') {
            end++;
        }
        return end;
    }
}
