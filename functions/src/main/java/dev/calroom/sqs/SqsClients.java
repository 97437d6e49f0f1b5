package dev.calroom.sqs;

import dev.calroom.dynamodb.DynamoClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the SQS client once per container (explicit region, url-connection HTTP client), pointed at
 * {@code AWS_ENDPOINT_URL_SQS} (or {@code AWS_ENDPOINT_URL}) when set: the local stack's queue.
 */
public final class SqsClients {

    private SqsClients() {
    }

    public static SqsClient fromEnvironment() {
        Map<String, String> env = dev.calroom.support.Env.variables();
        String endpoint = DynamoClients.endpoint(env, "AWS_ENDPOINT_URL_SQS");
        var builder = SqsClient.builder()
                .region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)).build());
        if (endpoint != null) {
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
