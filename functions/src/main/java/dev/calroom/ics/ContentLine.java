package dev.calroom.ics;

import java.nio.charset.StandardCharsets;

/**
 * One unfolded iCalendar content line: {@code NAME;PARAM=value;...:VALUE}. The line keeps the feed's UTF-8 bytes and
 * decodes its parameters and value only when they are asked for: most lines of a large feed never are (the summary
 * of an event far outside the window is never read). Names are upper-cased, and the names calroom reads are shared
 * constants, so comparing them costs no hashing.
 */
public final class ContentLine {

    private final String name;
    private final byte[] source;
    /** Where the parameters start (they end at the ':' before the value); equal to valueFrom when there are none. */
    private final int paramsFrom;
    private final int valueFrom;
    private final int valueTo;
    private final int lineNumber;

    private ContentLine(String name, byte[] source, int paramsFrom, int valueFrom, int valueTo, int lineNumber) {
        this.name = name;
        this.source = source;
        this.paramsFrom = paramsFrom;
        this.valueFrom = valueFrom;
        this.valueTo = valueTo;
        this.lineNumber = lineNumber;
    }

    /** The property name, upper-cased. */
    public String name() {
        return name;
    }

    /** The parameters as written between the name and the value (without the leading ';'), or "". */
    public String params() {
        return paramsFrom == valueFrom ? "" : new String(source, paramsFrom, valueFrom - 1 - paramsFrom,
                StandardCharsets.UTF_8);
    }

    /**
     * The value as written (unfolded, not unescaped, not trimmed), decoded on each call: the reader asks once for
     * most values, and a decoded value that is not kept costs nothing once the line is no longer needed.
     */
    public String value() {
        return new String(source, valueFrom, valueTo - valueFrom, StandardCharsets.UTF_8);
    }

    /** The line's bytes; the value, without the blanks around it, is {@code bytes()[valueStart(), valueEnd())}. */
    byte[] bytes() {
        return source;
    }

    int valueStart() {
        int i = valueFrom;
        while (i < valueTo && (source[i] & 0xFF) <= ' ') {
            i++;
        }
        return i;
    }

    int valueEnd() {
        int i = valueTo;
        while (i > valueFrom && (source[i - 1] & 0xFF) <= ' ') {
            i--;
        }
        return i;
    }

    /** The physical line the content line starts on (1-based). */
    public int lineNumber() {
        return lineNumber;
    }

    /** The value of a parameter (quotes removed), or null. */
    public String param(String paramName) {
        return paramsFrom == valueFrom ? null : paramInBytes(paramName);
    }

    /** {@link #param} read from the line's bytes, decoding only the value asked for. */
    private String paramInBytes(String paramName) {
        long span = paramSpan(paramName);
        return span < 0 ? null : new String(source, (int) (span >>> 32), (int) span - (int) (span >>> 32),
                StandardCharsets.UTF_8);
    }

    /**
     * Where the value of a parameter lies in {@link #bytes()} (quotes removed, not trimmed), as
     * {@code start << 32 | end}; -1 when the line has no such parameter.
     */
    long paramSpan(String paramName) {
        if (paramsFrom == valueFrom) {
            return -1;
        }
        byte[] b = source;
        int i = paramsFrom;
        int n = valueFrom - 1;
        while (i < n) {
            int eq = i;
            while (eq < n && b[eq] != '=') {
                eq++;
            }
            if (eq == n) {
                return -1;
            }
            int j = eq + 1;
            int valueStart;
            int valueEnd;
            if (j < n && b[j] == '"') {
                int close = j + 1;
                while (close < n && b[close] != '"') {
                    close++;
                }
                valueStart = j + 1;
                valueEnd = close;
                j = close + 1;
                while (j < n && b[j] != ';') {
                    j++;
                }
            } else {
                int semi = j;
                while (semi < n && b[semi] != ';') {
                    semi++;
                }
                valueStart = j;
                valueEnd = semi;
                j = semi;
            }
            if (keyIs(b, i, eq, paramName)) {
                return (long) valueStart << 32 | valueEnd;
            }
            i = j + 1;
        }
        return -1;
    }

    /** Whether bytes[from, to), trimmed, is {@code key} ignoring ASCII case. */
    private static boolean keyIs(byte[] b, int from, int to, String key) {
        while (from < to && (b[from] & 0xFF) <= ' ') {
            from++;
        }
        while (to > from && (b[to - 1] & 0xFF) <= ' ') {
            to--;
        }
        if (to - from != key.length()) {
            return false;
        }
        for (int k = 0; k < key.length(); k++) {
            int c = b[from + k];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != Character.toUpperCase(key.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** The value read as a component name (BEGIN/END): trimmed and upper-cased, shared when it is a known one. */
    String componentName() {
        return PropertyNames.of(source, valueFrom, valueTo);
    }

    @Override
    public String toString() {
        String p = params();
        return name + (p.isEmpty() ? "" : ";" + p) + ":" + value();
    }

    /** Parses the unfolded line {@code bytes[from, to)}; null when it holds no name/value separator at all. */
    static ContentLine parse(byte[] bytes, int from, int to, int lineNumber) {
        int nameEnd = from;
        while (nameEnd < to) {
            byte c = bytes[nameEnd];
            if (c == ':' || c == ';') {
                break;
            }
            nameEnd++;
        }
        if (nameEnd == to || nameEnd == from) {
            return null;
        }
        String name = PropertyNames.of(bytes, from, nameEnd);
        if (bytes[nameEnd] == ':') {
            return new ContentLine(name, bytes, nameEnd + 1, nameEnd + 1, to, lineNumber);
        }
        boolean quoted = false;
        for (int i = nameEnd + 1; i < to; i++) {
            byte c = bytes[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                return new ContentLine(name, bytes, nameEnd + 1, i + 1, to, lineNumber);
            }
        }
        // A quote that swallowed the separator, as in DTSTART;TZID="W. Europe Standard Time:20200609T090000":
        // the value follows the last colon and the stray quote belongs to neither part.
        int colon = to - 1;
        while (colon > nameEnd && bytes[colon] != ':') {
            colon--;
        }
        if (colon <= nameEnd) {
            return null;
        }
        String params = new String(bytes, nameEnd + 1, colon - nameEnd - 1, StandardCharsets.UTF_8).replace("\"", "");
        String value = new String(bytes, colon + 1, to - colon - 1, StandardCharsets.UTF_8);
        if (value.endsWith("\"")) {
            value = value.substring(0, value.length() - 1);
        }
        // Kept as bytes of their own, "params:value", so the line reads like any other.
        byte[] own = (params + ":" + value).getBytes(StandardCharsets.UTF_8);
        int paramsLength = params.getBytes(StandardCharsets.UTF_8).length;
        return new ContentLine(name, own, 0, paramsLength + 1, own.length, lineNumber);
    }
}
