package dev.calroom.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Priming sends its requests through the Lambda runtime's own serialization: what the handler then receives must be
 * the request priming built, field for field, and the answer must be the JSON the runtime hands API Gateway.
 */
class RuntimeEventSerializationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A handler that exposes the priming request builder. */
    private static final class Probe extends ApiFunction {
        @Override
        protected ApiResponse route(ApiRequest request) {
            return ApiResponse.json(200, "{\"path\":\"" + request.path() + "\"}");
        }

        static APIGatewayV2HTTPEvent request() {
            return primingRequest("POST", "/v1/webhooks/daily", "/v1/webhooks/daily", Map.of("room", "r-1"),
                    Map.of("x-webhook-signature", "sig", "content-type", "application/json"), "{\"test\":\"x\"}");
        }
    }

    @Test
    void available_onAClassPathWithTheRuntimesSerialization() {
        assertTrue(RuntimeEventSerialization.available());
    }

    @Test
    void delivered_isThePrimingRequest_readBackFromJsonAsTheRuntimeReadsIt() {
        APIGatewayV2HTTPEvent built = Probe.request();
        APIGatewayV2HTTPEvent delivered = RuntimeEventSerialization.delivered(built);

        assertNotSame(built, delivered);
        assertEquals("2.0", delivered.getVersion());
        assertEquals("POST /v1/webhooks/daily", delivered.getRouteKey());
        assertEquals("/v1/webhooks/daily", delivered.getRawPath());
        assertEquals("{\"test\":\"x\"}", delivered.getBody());
        assertFalse(delivered.getIsBase64Encoded());
        assertEquals(Map.of("room", "r-1"), delivered.getPathParameters());
        assertEquals("sig", delivered.getHeaders().get("x-webhook-signature"));
        assertEquals("priming", delivered.getRequestContext().getRequestId());
        assertEquals(1_767_225_600_000L, delivered.getRequestContext().getTimeEpoch());
        assertEquals("POST", delivered.getRequestContext().getHttp().getMethod());
        assertEquals("127.0.0.1", delivered.getRequestContext().getHttp().getSourceIp());
        assertEquals(built, delivered, "every field survives the round trip");
    }

    @Test
    void write_isTheHttpApisResponseJson() throws Exception {
        APIGatewayV2HTTPResponse response = new Probe().handleRequest(
                RuntimeEventSerialization.delivered(Probe.request()), null);

        JsonNode sent = JSON.readTree(RuntimeEventSerialization.write(response));

        assertEquals(200, sent.get("statusCode").asInt());
        assertEquals("/v1/webhooks/daily", JSON.readTree(sent.get("body").asText()).get("path").asText());
        assertTrue(sent.get("headers").get("Content-Type").asText().startsWith("application/json"),
                sent.toString());
        assertFalse(sent.get("isBase64Encoded").asBoolean());
    }
}
