package dev.calroom.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A Secrets Manager-compatible endpoint on loopback for the local stack: {@code GetSecretValue} over the AWS JSON
 * 1.1 protocol (the SDK's {@code X-Amz-Target: secretsmanager.GetSecretValue}), by ARN or name. Functions reach it
 * through {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, exactly as they read their secrets on AWS.
 */
final class SecretsManagerEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, String> byArn = new ConcurrentHashMap<>();

    SecretsManagerEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Stores a secret; answers its ARN. */
    String put(String name, String value) {
        String arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-local";
        byArn.put(arn, value);
        byArn.put(name, value);
        return arn;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode in = JSON.readTree(ex.getRequestBody().readAllBytes());
            if (!"secretsmanager.GetSecretValue".equals(target)) {
                send(ex, 400, error("UnsupportedOperation", "only GetSecretValue is served locally"));
                return;
            }
            String id = in == null ? "" : in.path("SecretId").asText("");
            String value = byArn.get(id);
            if (value == null) {
                send(ex, 400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
                return;
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("ARN", id.startsWith("arn:") ? id : put(id, value));
            out.put("Name", id.startsWith("arn:") ? id.substring(id.lastIndexOf(':') + 1) : id);
            out.put("SecretString", value);
            out.put("VersionId", "local");
            out.putArray("VersionStages").add("AWSCURRENT");
            out.put("CreatedDate", 0);
            send(ex, 200, out);
        }
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.put("__type", type);
        e.put("Message", message);
        return e;
    }

    private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
