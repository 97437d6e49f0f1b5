package dev.calroom.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/** A response before it becomes an API Gateway payload 2.0 response. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    public static ApiResponse json(int status, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Cache-Control", "no-store");
        return new ApiResponse(status, h, body);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of("Cache-Control", "no-store"), null);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, h, body);
    }

    public APIGatewayV2HTTPResponse toEvent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body)
                .withIsBase64Encoded(false).build();
    }
}
