package dev.calroom.daily;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.domain.VideoRoom;
import dev.calroom.meetings.MeetingTokenRequest;
import dev.calroom.meetings.VideoParticipant;
import dev.calroom.meetings.VideoProvider;
import dev.calroom.meetings.VideoProviderException;
import dev.calroom.support.Log;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Daily.co's REST API over java.net.http: private rooms, meeting tokens, presence, deletes.
 *
 * <p>429 and 5xx answers, timeouts and connection failures are retried with full-jitter exponential backoff within a
 * time budget; calls are spaced to Daily's documented limits (20/s, deletes about 2/s) per container. A create that
 * meets an existing room of the same name (Daily answers 400 "already exists") reads and returns that room. Errors
 * name the operation and Daily's error type, never the API key.
 */
public final class DailyClient implements VideoProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final Supplier<String> apiKey;
    private final DailySettings settings;
    private final RateLimiter calls;
    private final RateLimiter deletes;

    public DailyClient(HttpClient http, URI base, Supplier<String> apiKey, DailySettings settings) {
        this.http = http;
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.apiKey = apiKey;
        this.settings = settings;
        this.calls = new RateLimiter(settings.requestsPerSecond());
        this.deletes = new RateLimiter(settings.deletesPerSecond());
    }

    public static HttpClient defaultHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public VideoRoom createRoom(String name, Instant expiresAt) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("privacy", "private");
        ObjectNode props = body.putObject("properties");
        props.put("exp", expiresAt.getEpochSecond());
        Answer a = call("POST", "rooms", body, calls);
        if (a.status() == 200) {
            return room(a.body(), expiresAt);
        }
        if (a.status() == 400) {
            // A name conflict is a 400 whose only distinguishing text is unstable: read the room to know.
            Answer existing = call("GET", "rooms/" + encode(name), null, calls);
            if (existing.status() == 200) {
                return room(existing.body(), expiresAt);
            }
        }
        throw failure("create room", a);
    }

    @Override
    public boolean setRoomExpiry(String name, Instant expiresAt) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("properties").put("exp", expiresAt.getEpochSecond());
        Answer a = call("POST", "rooms/" + encode(name), body, calls);
        if (a.status() == 404) {
            return false;
        }
        if (a.status() != 200) {
            throw failure("update room", a);
        }
        return true;
    }

    @Override
    public boolean roomExists(String name) {
        Answer a = call("GET", "rooms/" + encode(name), null, calls);
        if (a.status() == 404) {
            return false;
        }
        if (a.status() != 200) {
            throw failure("read room", a);
        }
        return true;
    }

    @Override
    public void deleteRoom(String name) {
        Answer a = call("DELETE", "rooms/" + encode(name), null, deletes);
        if (a.status() != 200 && a.status() != 404) {
            throw failure("delete room", a);
        }
    }

    @Override
    public List<VideoParticipant> presence(String name) {
        Answer a = call("GET", "rooms/" + encode(name) + "/presence", null, calls);
        if (a.status() == 404) {
            return List.of();
        }
        if (a.status() != 200) {
            throw failure("read presence", a);
        }
        List<VideoParticipant> out = new ArrayList<>();
        for (JsonNode p : a.body().path("data")) {
            out.add(new VideoParticipant(p.path("id").asText(null), text(p, "userId"), text(p, "userName"),
                    instant(p.path("joinTime"))));
        }
        return out;
    }

    /**
     * Mints a meeting token. Self-signed (the documented HS256 JWT keyed with the API key, abbreviated claims) when
     * the domain id is known, so joining never waits on Daily's 20 requests/s limit; through
     * {@code POST /meeting-tokens} otherwise.
     */
    @Override
    public String createToken(MeetingTokenRequest t) {
        if (settings.selfSignedTokens()) {
            String domain = domainId();
            if (domain != null) {
                return selfSigned(t, domain);
            }
        }
        return tokenFromApi(t);
    }

    private volatile String domainId;

    /** The domain id from {@code GET /} (read once per container), or null when Daily does not answer it. */
    String domainId() {
        String d = domainId;
        if (d == null) {
            try {
                Answer a = call("GET", "", null, calls);
                if (a.status() == 200 && a.body().path("domain_id").isTextual()) {
                    d = a.body().path("domain_id").asText();
                    domainId = d;
                }
            } catch (VideoProviderException e) {
                return null;
            }
        }
        return d;
    }

    private String selfSigned(MeetingTokenRequest t, String domain) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("r", t.roomName());
        claims.put("d", domain);
        claims.put("iat", java.time.Instant.now().getEpochSecond());
        claims.put("nbf", t.notBefore().getEpochSecond());
        claims.put("exp", t.expiresAt().getEpochSecond());
        if (t.userName() != null) {
            claims.put("u", t.userName());
        }
        if (t.userId() != null) {
            claims.put("ud", t.userId());
        }
        claims.put("o", t.owner());
        try {
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(apiKey.get().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("meeting token could not be signed", e);
        }
    }

    private String tokenFromApi(MeetingTokenRequest t) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode props = body.putObject("properties");
        props.put("room_name", t.roomName());
        if (t.userName() != null) {
            props.put("user_name", t.userName());
        }
        if (t.userId() != null) {
            props.put("user_id", t.userId());
        }
        props.put("is_owner", t.owner());
        props.put("nbf", t.notBefore().getEpochSecond());
        props.put("exp", t.expiresAt().getEpochSecond());
        Answer a = call("POST", "meeting-tokens", body, calls);
        if (a.status() != 200 || !a.body().path("token").isTextual()) {
            throw failure("create meeting token", a);
        }
        return a.body().path("token").asText();
    }

    /** One answer from Daily. */
    private record Answer(int status, JsonNode body) {
    }

    /** Sends a request, retrying 429, 5xx, timeouts and connection failures within the budget. */
    private Answer call(String method, String path, JsonNode body, RateLimiter limiter) {
        long deadline = System.nanoTime() + settings.budget().toNanos();
        Answer last = null;
        Exception lastError = null;
        for (int attempt = 0; attempt < settings.maxAttempts(); attempt++) {
            if (attempt > 0) {
                long backoff = ThreadLocalRandom.current().nextLong(1,
                        Math.min(settings.maxBackoff().toMillis(), settings.baseBackoff().toMillis() << attempt) + 1);
                if (System.nanoTime() + backoff * 1_000_000L >= deadline) {
                    break;
                }
                sleep(backoff);
            }
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || !limiter.acquire(left)) {
                break;
            }
            try {
                HttpRequest.Builder rb = HttpRequest.newBuilder(base.resolve(path))
                        .timeout(min(settings.requestTimeout(), Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))))
                        .header("Authorization", "Bearer " + apiKey.get())
                        .header("Accept", "application/json");
                if (body != null) {
                    rb.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
                } else {
                    rb.method(method, HttpRequest.BodyPublishers.noBody());
                }
                HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
                JsonNode parsed = parse(r.body());
                last = new Answer(r.statusCode(), parsed);
                if (r.statusCode() != 429 && r.statusCode() < 500) {
                    return last;
                }
                Log.warn("daily call retried", "operation", method + " " + route(path), "status", r.statusCode(),
                        "attempt", attempt + 1);
            } catch (IOException e) {
                lastError = e;
                Log.warn("daily call retried", "operation", method + " " + route(path), "error",
                        e.getClass().getSimpleName(), "attempt", attempt + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastError = e;
                break;
            }
        }
        if (last != null && (last.status() == 429 || last.status() >= 500)) {
            throw failure(method + " " + route(path), last);
        }
        throw new VideoProviderException("Daily.co did not answer " + method + " " + route(path) + " in time",
                settings.retryAfter(), lastError);
    }

    private VideoProviderException failure(String operation, Answer a) {
        String type = a.body().path("error").asText("unknown");
        return new VideoProviderException("Daily.co refused " + operation + ": HTTP " + a.status() + " " + type,
                settings.retryAfter(), null);
    }

    private static VideoRoom room(JsonNode room, Instant requestedExpiry) {
        JsonNode exp = room.path("config").path("exp");
        Instant expires = exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : requestedExpiry;
        return new VideoRoom(room.path("name").asText(), room.path("url").asText(), expires);
    }

    /** The path with room names replaced, for logs. */
    private static String route(String path) {
        return path.startsWith("rooms/") ? path.replaceFirst("rooms/[^/]+", "rooms/:name") : path;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    private static Instant instant(JsonNode v) {
        if (v.isNumber()) {
            return Instant.ofEpochSecond(v.asLong());
        }
        if (v.isTextual()) {
            try {
                return Instant.parse(v.asText());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
