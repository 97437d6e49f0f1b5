package dev.calroom.support;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Structured JSON log lines on stdout (CloudWatch Logs reads them as JSON): timestamp, level, message, the
 * correlation id of the current invocation, and key/value fields. Never pass a feed URL or a secret as a field.
 */
public final class Log {

    private static final ThreadLocal<String> CORRELATION_ID = new ThreadLocal<>();
    private static volatile PrintStream out = System.out;

    private Log() {
    }

    public static void correlationId(String id) {
        CORRELATION_ID.set(id);
    }

    public static String correlationId() {
        return CORRELATION_ID.get();
    }

    /** For tests: where log lines go. */
    public static void to(PrintStream stream) {
        out = stream;
    }

    public static void info(String message, Object... fields) {
        write("INFO", message, fields);
    }

    public static void warn(String message, Object... fields) {
        write("WARN", message, fields);
    }

    public static void error(String message, Object... fields) {
        write("ERROR", message, fields);
    }

    /**
     * An unexpected failure: the message and stack trace of the exception and its causes (one JSON field, so the
     * trace stays in one log event), with the fields. Exception messages here never carry a feed URL or a secret:
     * calroom's own failures name hosts at most.
     */
    public static void error(String message, Throwable failure, Object... fields) {
        Object[] all = new Object[fields.length + 4];
        System.arraycopy(fields, 0, all, 0, fields.length);
        all[fields.length] = "error";
        all[fields.length + 1] = failure.getClass().getName() + ": " + failure.getMessage();
        all[fields.length + 2] = "stackTrace";
        java.io.StringWriter trace = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(trace));
        all[fields.length + 3] = trace.toString();
        write("ERROR", message, all);
    }

    private static void write(String level, String message, Object... fields) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"timestamp\":\"").append(Instant.now()).append("\",\"level\":\"").append(level)
                .append("\",\"message\":");
        JsonText.appendQuoted(sb, message);
        String cid = CORRELATION_ID.get();
        if (cid != null) {
            sb.append(",\"correlationId\":");
            JsonText.appendQuoted(sb, cid);
        }
        for (int i = 0; i + 1 < fields.length; i += 2) {
            sb.append(',');
            JsonText.appendQuoted(sb, String.valueOf(fields[i]));
            sb.append(':');
            Object v = fields[i + 1];
            if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append(JsonText.quote(v == null ? null : String.valueOf(v)));
            }
        }
        sb.append('}');
        out.println(sb);
    }
}
