package dev.calroom.tools.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.Map;

/**
 * One cold start, as Lambda sees it without SnapStart: in a fresh JVM, load a handler class, construct it (its init
 * phase) and serve one list-meetings request. Prints the time from the parent's spawn instant to the response.
 * Arguments: handler class, spawn time (epoch ms), room.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long spawnedAt = Long.parseLong(args[1]);
        if (args[0].equals("breakdown")) {
            breakdown(spawnedAt);
            return;
        }
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(args[0])
                        .getConstructor().newInstance();
        long initDone = System.currentTimeMillis();
        String route = "GET /v1/rooms/{room}/meetings";
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(route)
                .withRawPath("/v1/rooms/" + args[2] + "/meetings").withHeaders(Map.of())
                .withPathParameters(Map.of("room", args[2]))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("cold-start")
                        .withRouteKey(route).withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET").withPath("/v1/rooms/" + args[2] + "/meetings").build()).build())
                .build();
        APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);
        long done = System.currentTimeMillis();
        System.out.println("PROBE total=" + (done - spawnedAt) + " init=" + (initDone - spawnedAt) + " status="
                + r.getStatusCode() + " bytes=" + (r.getBody() == null ? 0 : r.getBody().length()));
    }

    /** Where a cold init goes: JVM start to main, the DynamoDB client, Jackson's first use. */
    private static void breakdown(long spawnedAt) {
        long main = System.currentTimeMillis();
        long t0 = System.nanoTime();
        var db = dev.calroom.dynamodb.DynamoClients.fromEnvironment();
        long t1 = System.nanoTime();
        new dev.calroom.api.Views("https://rooms.example.com", dev.calroom.domain.MeetingPolicy.defaults())
                .room(new dev.calroom.domain.Room("probe", "owner", false, java.time.Instant.EPOCH, null, null), true)
                .toString();
        long t2 = System.nanoTime();
        db.close();
        System.out.println("PROBE jvm-to-main=" + (main - spawnedAt) + " dynamodb-client=" + (t1 - t0) / 1_000_000
                + " jackson-first-use=" + (t2 - t1) / 1_000_000);
    }
}
