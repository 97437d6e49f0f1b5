package dev.calroom.tools.local;

import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * DynamoDB Local listening on 127.0.0.1 only. Its own server binds every interface (and the table holds full feed
 * URLs), so its request handler is mounted on a Jetty server bound to loopback instead.
 */
final class LoopbackDynamoDb implements AutoCloseable {

    private final Server server;
    private final LocalDynamoDBRequestHandler requests;
    private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> requestCounts =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** @param dbDir where the data is kept, or null for in memory */
    LoopbackDynamoDb(Path dbDir) throws Exception {
        requests = new LocalDynamoDBRequestHandler(0, dbDir == null, dbDir == null ? null : dbDir.toString(), true,
                false);
        LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, null);
        server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        org.eclipse.jetty.server.Handler inner = new DynamoDBProxyServer(0, handler).setUpHandler(handler);
        server.setHandler(new org.eclipse.jetty.server.Handler.Wrapper(inner) {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                  org.eclipse.jetty.util.Callback callback) throws Exception {
                String target = request.getHeaders().get("X-Amz-Target");
                if (target != null) {
                    requestCounts.computeIfAbsent(target.substring(target.indexOf('.') + 1),
                            k -> new java.util.concurrent.atomic.LongAdder()).increment();
                }
                return super.handle(request, response, callback);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + ((org.eclipse.jetty.server.ServerConnector) server.getConnectors()[0])
                .getLocalPort();
    }

    /** Requests served so far, by operation (GetItem, Query, TransactWriteItems, ...). */
    java.util.Map<String, Long> requestCounts() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        requestCounts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway
        }
        requests.shutdown();
    }
}
