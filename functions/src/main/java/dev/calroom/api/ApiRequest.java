package dev.calroom.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.calroom.domain.Refusal;
import dev.calroom.domain.RefusedException;
import dev.calroom.domain.Room;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP API request (API Gateway payload format 2.0) as the handlers read it: the route key, path parameters,
 * query parameters, headers with lower-case names, the raw body bytes (at most {@link #MAX_BODY_BYTES}) and the client
 * address API Gateway saw ({@code requestContext.http.sourceIp}).
 */
public record ApiRequest(String routeKey, String method, String path, Map<String, String> pathParameters,
                         Map<String, String> query, Map<String, String> headers, byte[] body, String requestId,
                         String sourceIp, RefusedException bodyRefusal) {

    public static final int MAX_BODY_BYTES = 64 * 1024;

    public static ApiRequest from(APIGatewayV2HTTPEvent e) {
        Map<String, String> headers = new HashMap<>();
        if (e.getHeaders() != null) {
            e.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        String method = null;
        String requestId = null;
        String sourceIp = null;
        if (e.getRequestContext() != null) {
            requestId = e.getRequestContext().getRequestId();
            if (e.getRequestContext().getHttp() != null) {
                method = e.getRequestContext().getHttp().getMethod();
                sourceIp = e.getRequestContext().getHttp().getSourceIp();
            }
        }
        String routeKey = e.getRouteKey();
        if (method == null && routeKey != null && routeKey.indexOf(' ') > 0) {
            method = routeKey.substring(0, routeKey.indexOf(' '));
        }
        byte[] body = new byte[0];
        RefusedException bodyRefusal = null;
        try {
            body = body(e);
        } catch (RefusedException refused) {
            // Kept until a route reads the body: a route that reads none answers as if no body was sent.
            bodyRefusal = refused;
        }
        return new ApiRequest(routeKey, method, e.getRawPath(),
                e.getPathParameters() == null ? Map.of() : e.getPathParameters(),
                e.getQueryStringParameters() == null ? Map.of() : e.getQueryStringParameters(), headers, body,
                requestId, sourceIp, bodyRefusal);
    }

    /** The body bytes, or the refusal of a body that is too large or not valid base64. */
    @Override
    public byte[] body() {
        if (bodyRefusal != null) {
            throw bodyRefusal;
        }
        return body;
    }

    private static byte[] body(APIGatewayV2HTTPEvent e) {
        if (e.getBody() == null) {
            return new byte[0];
        }
        byte[] body;
        if (e.getIsBase64Encoded()) {
            // Checked before decoding: a huge body is refused without allocating it.
            if ((long) e.getBody().length() * 3 / 4 > MAX_BODY_BYTES + 3) {
                throw tooLarge();
            }
            try {
                body = Base64.getDecoder().decode(e.getBody());
            } catch (IllegalArgumentException ex) {
                throw RefusedException.invalid("body", "is not valid base64");
            }
        } else {
            if (e.getBody().length() > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            body = e.getBody().getBytes(StandardCharsets.UTF_8);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return body;
    }

    private static RefusedException tooLarge() {
        return RefusedException.invalid("body", "is larger than 64 KB");
    }

    public String pathParameter(String name) {
        String v = pathParameters.get(name);
        if (v == null || v.isEmpty()) {
            throw RefusedException.invalid(name, "is missing from the path");
        }
        return v;
    }

    /** The {@code room} path parameter; a name no room can have is simply not found. */
    public String room() {
        String name = pathParameter("room");
        if (!Room.NAME.matcher(name).matches()) {
            throw new RefusedException(Refusal.ROOM_NOT_FOUND, "no room named '"
                    + name.substring(0, Math.min(64, name.length())) + "'");
        }
        return name;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
