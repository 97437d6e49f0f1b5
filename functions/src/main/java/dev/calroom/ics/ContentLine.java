package dev.calroom.ics;

import java.util.Locale;

/**
 * One unfolded iCalendar content line: {@code NAME;PARAM=value;...:VALUE}. Parameters are parsed on demand, since
 * most lines of a large feed are never asked for theirs.
 */
public record ContentLine(String name, String params, String value, int lineNumber) {

    /** The value of a parameter (quotes removed), or null. */
    public String param(String paramName) {
        if (params == null || params.isEmpty()) {
            return null;
        }
        int i = 0;
        int n = params.length();
        while (i < n) {
            int eq = params.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = params.substring(i, eq).trim();
            int j = eq + 1;
            String val;
            if (j < n && params.charAt(j) == '"') {
                int close = params.indexOf('"', j + 1);
                if (close < 0) {
                    close = n;
                }
                val = params.substring(j + 1, close);
                j = close + 1;
                int semi = params.indexOf(';', j);
                j = semi < 0 ? n : semi;
            } else {
                int semi = nextSemicolon(params, j);
                val = params.substring(j, semi);
                j = semi;
            }
            if (key.equalsIgnoreCase(paramName)) {
                return val;
            }
            i = j + 1;
        }
        return null;
    }

    private static int nextSemicolon(String s, int from) {
        int semi = s.indexOf(';', from);
        return semi < 0 ? s.length() : semi;
    }

    /** Parses one unfolded line; null when it holds no name/value separator at all. */
    static ContentLine parse(String line, int lineNumber) {
        int n = line.length();
        int nameEnd = -1;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == ';' || c == ':') {
                nameEnd = i;
                break;
            }
        }
        if (nameEnd <= 0) {
            return null;
        }
        String name = line.substring(0, nameEnd).trim().toUpperCase(Locale.ROOT);
        if (line.charAt(nameEnd) == ':') {
            return new ContentLine(name, "", line.substring(nameEnd + 1), lineNumber);
        }
        boolean quoted = false;
        for (int i = nameEnd + 1; i < n; i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                return new ContentLine(name, line.substring(nameEnd + 1, i), line.substring(i + 1), lineNumber);
            }
        }
        // A quote that swallowed the separator, as in DTSTART;TZID="W. Europe Standard Time:20200609T090000":
        // the value follows the last colon and the stray quote belongs to neither part.
        int colon = line.lastIndexOf(':');
        if (colon <= nameEnd) {
            return null;
        }
        String params = line.substring(nameEnd + 1, colon).replace("\"", "");
        String value = line.substring(colon + 1);
        if (value.endsWith("\"")) {
            value = value.substring(0, value.length() - 1);
        }
        return new ContentLine(name, params, value, lineNumber);
    }
}
