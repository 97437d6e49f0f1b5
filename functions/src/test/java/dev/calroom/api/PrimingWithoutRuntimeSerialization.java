package dev.calroom.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.calroom.support.Log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Priming in a JVM whose class path lacks the Lambda runtime's own event serialization: loaded by
 * {@link RuntimeEventSerializationFallbackTest} in a class loader of its own (with or without a stand-in library), it
 * primes a handler and reports, in JDK types only, what the handler received and what was logged.
 */
public final class PrimingWithoutRuntimeSerialization {

    private PrimingWithoutRuntimeSerialization() {
    }

    /** A handler that records each request it serves. */
    private static final class Recorder extends ApiFunction {
        final List<String> served = new ArrayList<>();

        @Override
        protected List<APIGatewayV2HTTPEvent> primingRequests() {
            return List.of(primingRequest("POST", "/v1/webhooks/daily", "/v1/webhooks/daily", Map.of(),
                    Map.of("content-type", "application/json"), "{\"type\":\"priming\"}"),
                    primingRequest("GET", "/v1/rooms/{room}", "/v1/rooms/calroom-priming",
                            Map.of("room", "calroom-priming"), Map.of(), null));
        }

        @Override
        protected ApiResponse route(ApiRequest request) {
            byte[] body = request.body();
            served.add(request.routeKey() + " " + request.path() + " "
                    + (body.length == 0 ? "-" : new String(body, StandardCharsets.UTF_8)));
            return ApiResponse.json(200, "{}");
        }
    }

    public static Map<String, Object> run() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Log.to(new PrintStream(log, true, StandardCharsets.UTF_8));
        Recorder handler = new Recorder();
        handler.prime();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("available", RuntimeEventSerialization.available());
        report.put("served", List.copyOf(handler.served));
        report.put("log", log.toString(StandardCharsets.UTF_8));
        return report;
    }
}
