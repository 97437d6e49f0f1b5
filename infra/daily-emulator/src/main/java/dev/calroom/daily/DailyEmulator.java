package dev.calroom.daily;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A local HTTP server that answers like Daily.co's REST API for the calls calroom makes: rooms (create, get, update,
 * delete), presence and meeting tokens, with Daily's error bodies ({@code {"error", "info"}}), its 400 for a taken
 * name, 404 for a missing or expired room, and rate limits. Faults can be injected: a share of 429/5xx answers, and
 * slow answers. Participants can be put into rooms to drive presence.
 */
public final class DailyEmulator implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** The emulated domain's id, which self-signed meeting tokens carry as {@code d}. */
    public static final String DOMAIN_ID = "5e7c1f0a-0d1b-4c57-9a61-ca1700000001";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A room as Daily keeps it. */
    public record Room(String id, String name, String url, Instant createdAt, long exp) {
    }

    /** A participant in a room. */
    public record Participant(String sessionId, String userId, String userName, Instant joinedAt) {
    }

    /** Where the emulator sends signed webhook deliveries. */
    @FunctionalInterface
    public interface WebhookTarget {
        void deliver(String timestamp, String signature, String body);

        /** Posts deliveries to a URL, as Daily does. */
        static WebhookTarget http(URI url) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            return (ts, sig, body) -> {
                try {
                    http.send(java.net.http.HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                            .header("X-Webhook-Timestamp", ts).header("X-Webhook-Signature", sig)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
                } catch (IOException e) {
                    // Daily drops a delivery that fails; presence reconciliation covers it.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }

    private volatile WebhookTarget webhookTarget;
    /** The webhook's HMAC key: the base64 secret decoded, as Daily documents it. */
    private volatile byte[] webhookKey;
    private volatile boolean dropWebhooks;

    private final HttpServer server;
    private final Supplier<Instant> clock;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Participant>> presence = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> deletedRooms = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Browser calls of the daily-js stand-in, by session id: the room they are in. */
    private final Map<String, String> callRooms = new ConcurrentHashMap<>();
    /** Calls that ended without the browser leaving: the fatal error type the stand-in reports. */
    private final Map<String, String> endedCalls = new ConcurrentHashMap<>();
    private final Random random = new Random(7);
    private volatile double faultRate;
    private volatile Duration latency = Duration.ZERO;
    private volatile double slowRate;
    private volatile Duration slowLatency = Duration.ZERO;

    public DailyEmulator(Supplier<Instant> clock) throws IOException {
        this(clock, 0);
    }

    public DailyEmulator(Supplier<Instant> clock, int port) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API base URL, like {@code https://api.daily.co/v1}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** The share of requests answered 429 or 5xx (before any effect), from 0 to 1. */
    public void faults(double rate) {
        this.faultRate = rate;
    }

    /** A share of requests answered only after {@code delay}. */
    public void slow(double rate, Duration delay) {
        this.slowRate = rate;
        this.slowLatency = delay;
    }

    public void latency(Duration d) {
        this.latency = d;
    }

    public Map<String, Room> rooms() {
        return Map.copyOf(rooms);
    }

    /** Rooms that are not expired. */
    public boolean exists(String name) {
        Room r = rooms.get(name);
        return r != null && (r.exp() == 0 || r.exp() > clock.get().getEpochSecond());
    }

    public List<String> deletedRooms() {
        return List.copyOf(deletedRooms);
    }

    /** Requests received per {@code METHOD /path-pattern}, faults included. */
    public int calls(String route) {
        AtomicInteger c = calls.get(route);
        return c == null ? 0 : c.get();
    }

    /** Sends signed participant webhooks for joins and leaves to {@code target}. */
    public void webhooks(String secret, WebhookTarget target) {
        this.webhookKey = Base64.getDecoder().decode(secret.trim());
        this.webhookTarget = target;
    }

    /** While true, joins and leaves send no webhook (a missed delivery). */
    public void dropWebhooks(boolean drop) {
        this.dropWebhooks = drop;
    }

    /** A participant enters a room (as a browser with a valid token would); false when the room does not exist. */
    public Participant join(String room, String userName) {
        if (live(room) == null) {
            return null;
        }
        Participant p = new Participant(UUID.randomUUID().toString(), null, userName, clock.get());
        presence.computeIfAbsent(room, k -> new ConcurrentHashMap<>()).put(p.sessionId(), p);
        sendWebhook("participant.joined", "ptcpt-join-" + p.sessionId(), room, p, null);
        return p;
    }

    public void leave(String room, String sessionId) {
        Map<String, Participant> m = presence.get(room);
        Participant p = m == null ? null : m.remove(sessionId);
        if (p != null) {
            sendWebhook("participant.left", "ptcpt-left-" + p.sessionId(), room, p,
                    (double) Duration.between(p.joinedAt(), clock.get()).toSeconds());
        }
    }

    private void sendWebhook(String type, String id, String room, Participant p, Double duration) {
        WebhookTarget target = webhookTarget;
        if (target == null || dropWebhooks) {
            return;
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "1.0.0");
        event.put("type", type);
        event.put("id", id);
        ObjectNode payload = event.putObject("payload");
        payload.put("room", room);
        payload.put("session_id", p.sessionId());
        payload.put("user_name", p.userName());
        payload.put("joined_at", p.joinedAt().toEpochMilli() / 1000.0);
        if (duration != null) {
            payload.put("duration", duration);
        }
        event.put("event_ts", clock.get().toEpochMilli() / 1000.0);
        String body;
        try {
            body = JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String ts = Long.toString(clock.get().toEpochMilli());
        target.deliver(ts, sign(ts, body.getBytes(StandardCharsets.UTF_8)), body);
    }

    public List<Participant> participants(String room) {
        Map<String, Participant> m = presence.get(room);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /**
     * A meeting token's properties with Daily's long names, whether the emulator minted it or it was self-signed
     * (abbreviated claims: r, u, ud, o, d).
     */
    public static JsonNode tokenProperties(String token) {
        try {
            String[] parts = token.split("\\.");
            ObjectNode claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            Map<String, String> longNames = Map.of("r", "room_name", "u", "user_name", "ud", "user_id",
                    "o", "is_owner", "d", "domain_id");
            ObjectNode out = JSON.createObjectNode();
            claims.fields().forEachRemaining(f -> out.set(longNames.getOrDefault(f.getKey(), f.getKey()),
                    f.getValue()));
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String route = method + " " + path.replaceFirst("^/v1/rooms/[^/]+", "/v1/rooms/:name");
            calls.computeIfAbsent(route, k -> new AtomicInteger()).incrementAndGet();
            byte[] body = ex.getRequestBody().readAllBytes();
            // The emulator's own endpoints (the browser stand-in, test controls) are not Daily's REST API: no
            // injected latency or faults.
            if (path.startsWith("/_emulator/")) {
                ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
                if (method.equals("OPTIONS")) {
                    ex.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST");
                    ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
                    ex.getResponseHeaders().set("Access-Control-Max-Age", "600");
                    ex.sendResponseHeaders(204, -1);
                    return;
                }
                if (path.equals("/_emulator/daily-js.mjs") && method.equals("GET")) {
                    sendScript(ex);
                    return;
                }
                if (path.startsWith("/_emulator/calls")) {
                    browserCall(ex, method, path, body);
                    return;
                }
                emulatorControl(ex, path, body);
                return;
            }
            sleep(latency);
            double roll;
            synchronized (random) {
                roll = random.nextDouble();
            }
            if (slowRate > 0 && roll < slowRate) {
                sleep(slowLatency);
            }
            if (faultRate > 0 && roll < faultRate) {
                int status = roll < faultRate / 2 ? 429 : (roll < faultRate * 0.75 ? 500 : 503);
                send(ex, status, error(status == 429 ? "rate-limit-error" : "server-error",
                        status == 429 ? "Too many requests" : "Internal server error"));
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= 7) {
                send(ex, 400, error("authorization-header-error", "Missing or malformed Authorization header"));
                return;
            }
            JsonNode in = body.length == 0 ? JSON.createObjectNode() : parse(body);
            if (in == null) {
                send(ex, 400, error("json-parsing-error", "Invalid JSON"));
                return;
            }
            dispatch(ex, method, path, in);
        }
    }

    /**
     * Stands in for a browser in a call: {@code POST /_emulator/rooms/{name}/join {"userName"}} answers the session
     * id, {@code POST /_emulator/rooms/{name}/leave {"sessionId"}} ends it; both send the webhook Daily would.
     */
    private void emulatorControl(HttpExchange ex, String path, byte[] body) throws IOException {
        String[] parts = path.split("/");
        JsonNode in = body.length == 0 ? JSON.createObjectNode() : parse(body);
        if (parts.length != 5 || !parts[2].equals("rooms") || in == null || !ex.getRequestMethod().equals("POST")) {
            send(ex, 404, error("not-found", "no such emulator endpoint"));
            return;
        }
        String room = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
        ObjectNode out = JSON.createObjectNode();
        if (parts[4].equals("join")) {
            Participant p = join(room, in.path("userName").asText("Guest"));
            if (p == null) {
                send(ex, 404, error("not-found", "room " + room + " not found"));
                return;
            }
            out.put("sessionId", p.sessionId());
        } else if (parts[4].equals("leave")) {
            leave(room, in.path("sessionId").asText(""));
            out.put("left", true);
        } else {
            send(ex, 404, error("not-found", "no such emulator endpoint"));
            return;
        }
        send(ex, 200, out);
    }

    /** The stand-in for daily-js that the local pages load instead of Daily's (see the resource's comment). */
    private static void sendScript(HttpExchange ex) throws IOException {
        byte[] script;
        try (java.io.InputStream in = DailyEmulator.class.getResourceAsStream("daily-js-stand-in.mjs")) {
            script = in.readAllBytes();
        }
        ex.getResponseHeaders().set("Content-Type", "text/javascript; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, script.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(script);
        }
    }

    /**
     * A browser's call, as the daily-js stand-in makes it: {@code POST /_emulator/calls {"url","token","userName"}}
     * checks the meeting token as Daily would (its room, nbf and exp; the room existing and not expired) and enters
     * the room, or answers the fatal error type daily-js would report ({@code no-room}, {@code exp-room},
     * {@code nbf-token}, {@code exp-token}, {@code not-allowed}); {@code GET /_emulator/calls/{id}} is the call's state,
     * ended with {@code ejected} when the room was deleted or {@code exp-room} when it expired;
     * {@code POST /_emulator/calls/{id}/leave} leaves. Joins and leaves send the webhooks Daily would.
     */
    private void browserCall(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        String[] parts = path.split("/");
        ObjectNode out = JSON.createObjectNode();
        if (parts.length == 3 && method.equals("POST")) {
            JsonNode in = body.length == 0 ? null : parse(body);
            if (in == null) {
                send(ex, 400, error("invalid-request-error", "expected {url, token, userName}"));
                return;
            }
            String url = in.path("url").asText("");
            String room = url.substring(url.lastIndexOf('/') + 1);
            String refusal = admit(room, in.path("token").asText(""));
            if (refusal != null) {
                out.putObject("error").put("type", refusal).put("msg", fatalMessage(refusal));
                send(ex, 403, out);
                return;
            }
            JsonNode claims = tokenProperties(in.path("token").asText());
            String userName = in.path("userName").asText(claims.path("user_name").asText("Guest"));
            Participant p = join(room, userName);
            if (p == null) {
                out.putObject("error").put("type", "no-room").put("msg", fatalMessage("no-room"));
                send(ex, 403, out);
                return;
            }
            callRooms.put(p.sessionId(), room);
            out.put("sessionId", p.sessionId());
            out.put("room", room);
            out.put("userName", userName);
            out.put("owner", claims.path("is_owner").asBoolean(false));
            send(ex, 200, out);
        } else if (parts.length == 4 && method.equals("GET")) {
            String id = parts[3];
            String room = callRooms.get(id);
            String ended = endedCalls.get(id);
            if (room != null && live(room) == null) {
                // The room expired under the call: Daily ejects everyone with exp-room.
                ended = rooms.containsKey(room) ? "exp-room" : "ejected";
                callRooms.remove(id);
                endedCalls.put(id, ended);
                leave(room, id);
            }
            if (ended != null) {
                out.put("state", "error");
                out.putObject("error").put("type", ended).put("msg", fatalMessage(ended));
            } else if (room == null) {
                out.put("state", "left");
            } else {
                out.put("state", "joined");
                out.put("participants", participants(room).size());
            }
            send(ex, 200, out);
        } else if (parts.length == 5 && parts[4].equals("leave") && method.equals("POST")) {
            String room = callRooms.remove(parts[3]);
            if (room != null) {
                leave(room, parts[3]);
            }
            out.put("left", room != null);
            send(ex, 200, out);
        } else {
            send(ex, 404, error("not-found", "no such emulator endpoint"));
        }
    }

    /** Why Daily would refuse this token for this room, as its fatal error type; null to admit. */
    private String admit(String room, String token) {
        JsonNode claims;
        try {
            claims = tokenProperties(token);
        } catch (RuntimeException e) {
            return "not-allowed";
        }
        Room r = rooms.get(room);
        long now = clock.get().getEpochSecond();
        if (r == null) {
            return "no-room";
        }
        if (r.exp() != 0 && r.exp() <= now) {
            return "exp-room";
        }
        if (!room.equals(claims.path("room_name").asText())) {
            return "not-allowed";
        }
        if (claims.has("nbf") && claims.path("nbf").asLong() > now) {
            return "nbf-token";
        }
        if (claims.has("exp") && claims.path("exp").asLong() <= now) {
            return "exp-token";
        }
        return null;
    }

    private static String fatalMessage(String type) {
        return switch (type) {
            case "no-room" -> "The meeting you're trying to join does not exist.";
            case "exp-room" -> "Meeting has ended";
            case "exp-token" -> "Meeting token has expired";
            case "nbf-token" -> "Meeting token is not valid yet";
            case "ejected" -> "You have been ejected from the meeting";
            default -> "You are not allowed to join this meeting";
        };
    }

    private void dispatch(HttpExchange ex, String method, String path, JsonNode in) throws IOException {
        String[] parts = path.split("/");
        // "", "v1", "rooms", name?, "presence"?
        if (parts.length == 2 && method.equals("GET")) {
            ObjectNode domain = JSON.createObjectNode();
            domain.put("domain_name", "calroom");
            domain.put("domain_id", DOMAIN_ID);
            domain.putObject("config");
            send(ex, 200, domain);
        } else if (parts.length == 3 && parts[2].equals("rooms") && method.equals("POST")) {
            createRoom(ex, in);
        } else if (parts.length == 4 && parts[2].equals("rooms")) {
            String name = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
            switch (method) {
                case "GET" -> {
                    Room r = live(name);
                    if (r == null) {
                        send(ex, 404, error("not-found", "room " + name + " not found"));
                    } else {
                        send(ex, 200, roomJson(r));
                    }
                }
                case "POST" -> updateRoom(ex, name, in);
                case "DELETE" -> {
                    Room r = rooms.remove(name);
                    Map<String, Participant> inRoom = presence.remove(name);
                    if (inRoom != null) {
                        // Deleting a room ejects everyone in it; Daily reports each departure.
                        for (Participant p : inRoom.values()) {
                            if (callRooms.remove(p.sessionId()) != null) {
                                endedCalls.put(p.sessionId(), "ejected");
                            }
                            sendWebhook("participant.left", "ptcpt-left-" + p.sessionId(), name, p,
                                    (double) Duration.between(p.joinedAt(), clock.get()).toSeconds());
                        }
                    }
                    if (r == null) {
                        send(ex, 404, error("not-found", "room " + name + " not found"));
                    } else {
                        deletedRooms.add(name);
                        ObjectNode ok = JSON.createObjectNode();
                        ok.put("deleted", true);
                        ok.put("name", name);
                        if (r.exp() != 0 && r.exp() <= clock.get().getEpochSecond()) {
                            send(ex, 404, ok);
                        } else {
                            send(ex, 200, ok);
                        }
                    }
                }
                default -> send(ex, 405, error("invalid-request-error", "method not allowed"));
            }
        } else if (parts.length == 5 && parts[2].equals("rooms") && parts[4].equals("presence")
                && method.equals("GET")) {
            String name = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
            if (live(name) == null) {
                send(ex, 404, error("not-found", "room " + name + " not found"));
                return;
            }
            ObjectNode out = JSON.createObjectNode();
            ArrayNode data = out.putArray("data");
            for (Participant p : participants(name)) {
                ObjectNode n = data.addObject();
                n.put("room", name);
                n.put("id", p.sessionId());
                n.put("userId", p.userId());
                n.put("userName", p.userName());
                n.put("joinTime", p.joinedAt().toString());
                n.put("duration", Duration.between(p.joinedAt(), clock.get()).toSeconds());
            }
            out.put("total_count", data.size());
            send(ex, 200, out);
        } else if (parts.length == 3 && parts[2].equals("meeting-tokens") && method.equals("POST")) {
            createToken(ex, in);
        } else {
            send(ex, 404, error("not-found", "no such endpoint"));
        }
    }

    private void createRoom(HttpExchange ex, JsonNode in) throws IOException {
        String name = in.path("name").asText(UUID.randomUUID().toString().substring(0, 12));
        if (!NAME.matcher(name).matches()) {
            send(ex, 400, error("invalid-request-error", name + " contains invalid characters (room names can "
                    + "contain A-Z, a-z, 0-9, '-', and '_')"));
            return;
        }
        JsonNode exp = in.path("properties").path("exp");
        if (!exp.isMissingNode() && !exp.canConvertToLong()) {
            send(ex, 400, error("invalid-request-error", "exp was '" + exp.asText()
                    + "' but should be a number of seconds since the unix epoch"));
            return;
        }
        long expSeconds = exp.isMissingNode() ? 0 : exp.asLong();
        if (expSeconds != 0 && expSeconds <= clock.get().getEpochSecond()) {
            send(ex, 400, error("invalid-request-error", "exp was '" + expSeconds
                    + "', which is in the past rather than in the future"));
            return;
        }
        Room created = new Room(UUID.randomUUID().toString(), name, "https://calroom.daily.co/" + name,
                clock.get(), expSeconds);
        Room existing;
        synchronized (rooms) {
            existing = live(name);
            if (existing == null) {
                rooms.put(name, created);
            }
        }
        if (existing != null) {
            send(ex, 400, error("invalid-request-error", "a room named " + name + " already exists"));
            return;
        }
        send(ex, 200, roomJson(created));
    }

    private void updateRoom(HttpExchange ex, String name, JsonNode in) throws IOException {
        Room r = live(name);
        if (r == null) {
            send(ex, 404, error("not-found", "room " + name + " not found"));
            return;
        }
        JsonNode exp = in.path("properties").path("exp");
        long e = exp.canConvertToLong() ? exp.asLong() : r.exp();
        if (e != 0 && e <= clock.get().getEpochSecond()) {
            send(ex, 400, error("invalid-request-error", "exp was '" + e
                    + "', which is in the past rather than in the future"));
            return;
        }
        Room updated = new Room(r.id(), r.name(), r.url(), r.createdAt(), e);
        rooms.put(name, updated);
        send(ex, 200, roomJson(updated));
    }

    private void createToken(HttpExchange ex, JsonNode in) throws IOException {
        JsonNode props = in.path("properties");
        JsonNode exp = props.path("exp");
        if (exp.canConvertToLong() && exp.asLong() <= clock.get().getEpochSecond()) {
            send(ex, 400, error("invalid-request-error", "exp was '" + exp.asLong()
                    + "', which is in the past rather than in the future"));
            return;
        }
        if (props.path("user_id").isTextual() && props.path("user_id").asText().length() > 36) {
            send(ex, 400, error("invalid-request-error", "user_id is longer than 36 characters"));
            return;
        }
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(props));
        ObjectNode out = JSON.createObjectNode();
        out.put("token", "emulated." + payload);
        send(ex, 200, out);
    }

    private Room live(String name) {
        Room r = rooms.get(name);
        if (r != null && r.exp() != 0 && r.exp() <= clock.get().getEpochSecond()) {
            return null;
        }
        return r;
    }

    private static ObjectNode roomJson(Room r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.id());
        n.put("name", r.name());
        n.put("api_created", true);
        n.put("privacy", "private");
        n.put("url", r.url());
        n.put("created_at", r.createdAt().toString());
        ObjectNode config = n.putObject("config");
        if (r.exp() != 0) {
            config.put("exp", r.exp());
        }
        return n;
    }

    private static ObjectNode error(String type, String info) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", type);
        n.put("info", info);
        return n;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** For logs and assertions: the emulator's state in one line. */
    @Override
    public String toString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rooms", rooms.keySet());
        m.put("deleted", deletedRooms.size());
        return m.toString();
    }

    /** Daily's webhook signature: base64(HMAC-SHA256(key, timestamp + "." + body)). */
    private String sign(String timestamp, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(webhookKey, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            mac.update(body);
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
