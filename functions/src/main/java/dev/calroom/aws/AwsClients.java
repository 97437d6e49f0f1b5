package dev.calroom.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How every AWS client is built, once per container so SnapStart snapshots it: an explicit region, the
 * url-connection HTTP client, credentials from Lambda's environment. The SDK's standard variables
 * ({@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}) point a client at a local service (DynamoDB
 * Local, the local stack's queues and secrets), read here explicitly so the endpoint does not depend on which SDK
 * version resolves them; without credentials in the environment such a client signs with placeholder ones.
 */
public final class AwsClients {

    private AwsClients() {
    }

    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, Map<String, String> env, String endpointVariable) {
        builder.region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)).build());
        String endpoint = endpoint(env, endpointVariable);
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
            if (env.get("AWS_ACCESS_KEY_ID") == null) {
                builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local",
                        "local")));
            }
        } else {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        return builder;
    }

    /** The service's endpoint from the SDK's standard variables: the service-specific one, else the global one. */
    public static String endpoint(Map<String, String> env, String serviceVariable) {
        String specific = env.get(serviceVariable);
        if (specific != null && !specific.isBlank()) {
            return specific;
        }
        String global = env.get("AWS_ENDPOINT_URL");
        return global == null || global.isBlank() ? null : global;
    }
}
