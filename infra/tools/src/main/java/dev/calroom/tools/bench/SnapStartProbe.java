package dev.calroom.tools.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.calroom.handler.ApiPriming;

import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * What a SnapStart-restored API function pays on its first request: in a fresh JVM, construct the handler (init),
 * run the priming its CRaC resource runs before the snapshot, then serve one real request. Between two marker classes
 * (loaded just before and just after the request, so that {@code -Xlog:class+load} shows the request's own class
 * loading) and two phase calls to the bench's counting endpoint (so that it can tell the request's network calls from
 * the priming's). Arguments: handler class, method, route key, path, path parameters (k=v,k=v or -), authorization
 * header or -, body or -, phase endpoint. Prints one PROBE line.
 */
public final class SnapStartProbe {

    private SnapStartProbe() {
    }

    /** Loaded just before the request. */
    static final class RequestStarts {
    }

    /** Loaded just after the request. */
    static final class RequestEnded {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(args[0])
                        .getConstructor().newInstance();
        ApiPriming.primeRegistered();
        String method = args[1];
        String route = method + " " + args[2];
        Map<String, String> params = new java.util.HashMap<>();
        if (!args[4].equals("-")) {
            for (String kv : args[4].split(",")) {
                params.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("user-agent", "calroom-bench");
        if (!args[5].equals("-")) {
            for (String kv : args[5].split("\n")) {
                headers.put(kv.substring(0, kv.indexOf(':')).trim().toLowerCase(java.util.Locale.ROOT),
                        kv.substring(kv.indexOf(':') + 1).trim());
            }
        }
        String body = args[6].equals("-") ? null : args[6];
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(route)
                .withRawPath(args[3]).withRawQueryString("").withHeaders(headers).withPathParameters(params)
                .withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("first-request")
                        .withRouteKey(route).withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(args[3]).withSourceIp("203.0.113.9").build()).build())
                .build();
        // The snapshot would be taken here. A restored container's connections are gone: so are these.
        phase(args[7], "request");
        long loadedBefore = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        new RequestStarts();
        long t0 = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        long took = System.nanoTime() - t0;
        new RequestEnded();
        long loadedAfter = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        phase(args[7], "done");
        System.out.println("PROBE status=" + response.getStatusCode() + " classes=" + (loadedAfter - loadedBefore - 2)
                + " micros=" + took / 1_000);
    }

    private static void phase(String endpoint, String name) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/_probe/" + name).toURL().openConnection();
        c.getResponseCode();
        c.getInputStream().readAllBytes();
        c.disconnect();
    }
}
