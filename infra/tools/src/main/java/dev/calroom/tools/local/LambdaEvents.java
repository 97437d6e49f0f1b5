package dev.calroom.tools.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON events AWS sends, built as AWS builds them: API Gateway HTTP API payload format 2.0 for a request that
 * matched a route, and EventBridge Scheduler's payload for a schedule (its default payload when the schedule has no
 * {@code Input}: a "Scheduled Event" whose {@code detail} is the JSON string "{}").
 */
final class LambdaEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private LambdaEvents() {
    }

    /** One HTTP request as the gateway received it: header names as sent, each with all its values. */
    record HttpRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
                       String sourceIp) {
    }

    /**
     * Payload 2.0: lower-case header names with repeated values joined by commas, cookies moved out of the headers
     * into {@code cookies}, query parameters decoded with repeated keys joined by commas, path parameters, a body
     * passed as text for textual content and base64 otherwise, and the request context.
     */
    static byte[] httpApi(HttpRequest r, String routeKey, Map<String, String> pathParameters, Instant now,
                          Map<String, String> stageVariables) {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", routeKey);
        e.put("rawPath", r.rawPath());
        e.put("rawQueryString", r.rawQuery() == null ? "" : r.rawQuery());
        Map<String, String> headers = new LinkedHashMap<>();
        ArrayNode cookies = JSON.createArrayNode();
        r.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String v : values) {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            cookies.add(c.trim());
                        }
                    }
                }
            } else {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        if (!cookies.isEmpty()) {
            e.set("cookies", cookies);
        }
        ObjectNode h = e.putObject("headers");
        headers.forEach(h::put);
        Map<String, String> query = query(r.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", "000000000000");
        ctx.put("apiId", "local");
        ctx.put("domainName", headers.getOrDefault("host", "127.0.0.1"));
        ctx.put("domainPrefix", "local");
        ObjectNode http = ctx.putObject("http");
        http.put("method", r.method());
        http.put("path", r.rawPath());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", r.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        ctx.put("requestId", UUID.randomUUID().toString());
        ctx.put("routeKey", routeKey);
        ctx.put("stage", "$default");
        ctx.put("time", CLF.format(now));
        ctx.put("timeEpoch", now.toEpochMilli());
        if (r.body() != null && r.body().length > 0) {
            boolean text = isText(headers.get("content-type"));
            e.put("body", text ? new String(r.body(), StandardCharsets.UTF_8)
                    : java.util.Base64.getEncoder().encodeToString(r.body()));
            e.put("isBase64Encoded", !text);
        } else {
            e.put("isBase64Encoded", false);
        }
        if (pathParameters != null && !pathParameters.isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        if (stageVariables != null && !stageVariables.isEmpty()) {
            ObjectNode s = e.putObject("stageVariables");
            stageVariables.forEach(s::put);
        }
        return write(e);
    }

    /** EventBridge Scheduler's payload: {@code input} verbatim when the schedule has one, else its default. */
    static byte[] scheduler(String scheduleName, String input, Instant now) {
        if (input != null) {
            return input.getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", "Scheduled Event");
        e.put("source", "aws.scheduler");
        e.put("account", "000000000000");
        e.put("time", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        e.put("region", "us-east-1");
        e.putArray("resources").add("arn:aws:scheduler:us-east-1:000000000000:schedule/default/" + scheduleName);
        e.put("detail", "{}");
        return write(e);
    }

    /** Content API Gateway passes as text; anything else arrives base64-encoded with the flag set. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("javascript")
                || t.startsWith("application/x-www-form-urlencoded");
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.merge(k, v, (a, b) -> a + "," + b);
        }
        return out;
    }

    private static byte[] write(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
