package dev.calroom.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.calroom.domain.RefusedException;
import dev.calroom.meetings.VideoProviderException;
import dev.calroom.support.Log;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The shape every API handler shares: build the request, call the route, map refusals to problem+json and anything
 * unexpected to a 500 without internals, and log one line per request (route and status, never the body, the query
 * or headers, which may carry tokens).
 */
public abstract class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** True until this container has served its first request. */
    private static volatile boolean coldStart = true;

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = System.nanoTime();
        String requestId = event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
                ? event.getRequestContext().getRequestId() : UUID.randomUUID().toString();
        Log.correlationId(requestId);
        ApiResponse response;
        try {
            response = route(ApiRequest.from(event));
        } catch (RefusedException e) {
            response = Problems.of(e);
        } catch (VideoProviderException e) {
            Log.warn("video provider unavailable", "route", event.getRouteKey(), "error", e.getMessage());
            response = Problems.of(new RefusedException(dev.calroom.domain.Refusal.VIDEO_PROVIDER_UNAVAILABLE,
                    "the video provider did not answer; try again shortly", Map.of(), e.retryAfter()));
        } catch (RuntimeException e) {
            Log.error("request failed", e, "route", event.getRouteKey(), "requestId", requestId,
                    "coldStart", coldStart);
            response = Problems.internal();
        }
        coldStart = false;
        Log.info("request", "route", event.getRouteKey(), "status", response.status(), "durationMs",
                (System.nanoTime() - started) / 1_000_000);
        Log.correlationId(null);
        return response.toEvent();
    }

    /** Serves one request; refusals are thrown as {@link RefusedException}. */
    protected abstract ApiResponse route(ApiRequest request);

    /**
     * Requests that take this function's request paths without changing anything (a room that does not exist, a
     * webhook that fails its signature check), sent through {@link #handleRequest} before a SnapStart snapshot so
     * that the first real request after a restore finds their classes loaded and linked.
     */
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of();
    }

    /**
     * Sends the priming requests; their answers are dropped, and a failure of one never stops a snapshot. Where the
     * Lambda runtime's event serialization is present, each request and its answer go through it as JSON, as the
     * runtime sends a real request.
     */
    public final void prime() {
        for (APIGatewayV2HTTPEvent event : primingRequests()) {
            try {
                RuntimeEventSerialization.sent(handleRequest(RuntimeEventSerialization.delivered(event), null));
            } catch (RuntimeException e) {
                Log.error("priming request failed", e, "route", event.getRouteKey());
            }
        }
    }

    /** A request as API Gateway (HTTP API, payload 2.0) delivers it, for {@link #primingRequests}. */
    protected static APIGatewayV2HTTPEvent primingRequest(String method, String routeKey, String path,
                                                          Map<String, String> pathParameters,
                                                          Map<String, String> headers, String body) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(method + " " + routeKey)
                .withRawPath(path).withRawQueryString("").withHeaders(headers).withPathParameters(pathParameters)
                .withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("priming")
                        .withRouteKey(method + " " + routeKey).withStage("$default").withAccountId("000000000000")
                        .withApiId("priming").withDomainName("priming.invalid").withDomainPrefix("priming")
                        .withTime("01/Jan/2026:00:00:00 +0000").withTimeEpoch(1_767_225_600_000L)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method)
                                .withPath(path).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1")
                                .withUserAgent("calroom-priming").build())
                        .build())
                .build();
    }
}
