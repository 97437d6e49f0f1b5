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
 * SnapStart snapshots it. {@code DYNAMODB_ENDPOINT} points it at DynamoDB Local or LocalStack.
 */
public final class DynamoClients {

    private DynamoClients() {
    }

    public static DynamoDbClient fromEnvironment() {
        java.util.Map<String, String> env = dev.calroom.support.Env.variables();
        String endpoint = env.get("DYNAMODB_ENDPOINT");
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
}
