package dev.calroom.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.ServerSocket;
import java.net.URI;
import java.util.UUID;

/**
 * DynamoDB for integration tests: DynamoDB Local (the AWS engine) started once per test JVM on a loopback port, any
 * DynamoDB named by {@code AWS_ENDPOINT_URL_DYNAMODB} (LocalStack, AWS), or, with {@code -Dcalroom.dynamodb=localstack}
 * (the build's second test run), LocalStack started by Testcontainers. Each test gets a table of its own.
 */
public final class LocalDynamo {

    private static String endpoint;
    private static DynamoDBProxyServer server;

    private LocalDynamo() {
    }

    public static synchronized String endpoint() {
        if (endpoint == null) {
            String configured = System.getenv("AWS_ENDPOINT_URL_DYNAMODB");
            if ("localstack".equals(System.getProperty("calroom.dynamodb"))) {
                endpoint = LocalStackDynamo.endpoint();
            } else if (configured != null && !configured.isBlank()) {
                endpoint = configured;
            } else {
                try (ServerSocket s = new ServerSocket(0)) {
                    int port = s.getLocalPort();
                    s.close();
                    server = ServerRunner.createServerFromCommandLineArgs(
                            new String[] {"-inMemory", "-port", Integer.toString(port)});
                    server.start();
                    endpoint = "http://127.0.0.1:" + port;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            server.stop();
                        } catch (Exception ignored) {
                            // JVM exit
                        }
                    }));
                } catch (Exception e) {
                    throw new IllegalStateException("DynamoDB Local did not start", e);
                }
            }
        }
        return endpoint;
    }

    public static DynamoDbClient client(ExecutionInterceptor... interceptors) {
        var b = DynamoDbClient.builder().endpointOverride(URI.create(endpoint()))
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> {
                    for (ExecutionInterceptor i : interceptors) {
                        c.addExecutionInterceptor(i);
                    }
                });
        if (System.getenv("AWS_ACCESS_KEY_ID") == null) {
            b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        }
        return b.build();
    }

    /** Creates a fresh table with calroom's definition and returns its name. */
    public static String freshTable(DynamoDbClient client) {
        String name = "calroom-test-" + UUID.randomUUID();
        client.createTable(CalroomTable.definition(name));
        client.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }
}
