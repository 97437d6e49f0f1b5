package dev.calroom.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.api.ApiFunction;
import dev.calroom.api.ApiRequest;
import dev.calroom.api.ApiResponse;
import dev.calroom.api.Json;
import dev.calroom.api.Problems;
import dev.calroom.webhooks.DailyWebhookService;
import dev.calroom.webhooks.WebhookOutcome;

import java.util.List;
import java.util.Map;

/** {@code POST /v1/webhooks/daily}: Daily.co's signed event deliveries. */
public final class DailyWebhookHandler extends ApiFunction {

    private final DailyWebhookService webhooks;

    public DailyWebhookHandler() {
        this(ApiComponents.instance().webhookService());
        ApiPriming.register(ApiComponents.instance(), this);
    }

    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        // A delivery whose signature does not verify (refused before anything is read or written), and a signed one
        // of an event calroom ignores (verified and read, nothing written).
        Map.Entry<Map<String, String>, String> ignored = webhooks.ignoredDelivery();
        return List.of(primingRequest("POST", "/v1/webhooks/daily", "/v1/webhooks/daily", Map.of(),
                        Map.of("content-type", "application/json", "x-webhook-timestamp", "0", "x-webhook-signature",
                                "cHJpbWluZw=="), "{\"type\":\"participant.joined\",\"payload\":{}}"),
                primingRequest("POST", "/v1/webhooks/daily", "/v1/webhooks/daily", Map.of(), ignored.getKey(),
                        ignored.getValue()));
    }

    public DailyWebhookHandler(DailyWebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    protected ApiResponse route(ApiRequest r) {
        if (!"POST /v1/webhooks/daily".equals(r.routeKey())) {
            return Problems.notFound(r.method() + " " + r.path());
        }
        WebhookOutcome outcome = webhooks.handle(r.header("x-webhook-timestamp"), r.header("x-webhook-signature"),
                r.body());
        ObjectNode body = Json.object();
        body.put("status", outcome.wire());
        return ApiResponse.json(200, Json.write(body));
    }
}
