package dev.calroom.dynamodb;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Duration;

/**
 * Builds the DynamoDB client once per container, with an explicit region and the url-connection HTTP client, so
 * SnapStart snapshots it. The SDK's standard variables {@code AWS_ENDPOINT_URL_DYNAMODB} (or
 * {@code AWS_ENDPOINT_URL}) point it at DynamoDB Local or LocalStack; read here explicitly, so the endpoint does not
 * depend on which SDK version resolves them.
 */
public final class DynamoClients {

    private DynamoClients() {
    }

    public static DynamoDbClient fromEnvironment() {
        java.util.Map<String, String> env = dev.calroom.support.Env.variables();
        String endpoint = endpoint(env, "AWS_ENDPOINT_URL_DYNAMODB");
        String region = env.getOrDefault("AWS_REGION", "us-east-1");
        var builder = DynamoDbClient.builder()
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)).build());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
            if (env.get("AWS_ACCESS_KEY_ID") == null) {
                builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local",
                        "local")));
            }
        } else {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        return builder.build();
    }

    /** The service's endpoint from the SDK's standard variables: the service-specific one, else the global one. */
    public static String endpoint(java.util.Map<String, String> env, String serviceVariable) {
        String specific = env.get(serviceVariable);
        if (specific != null && !specific.isBlank()) {
            return specific;
        }
        String global = env.get("AWS_ENDPOINT_URL");
        return global == null || global.isBlank() ? null : global;
    }
}
