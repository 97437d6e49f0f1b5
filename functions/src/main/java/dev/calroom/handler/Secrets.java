package dev.calroom.handler;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Secrets from the environment: {@code NAME} itself (local development), or {@code NAME_SECRET_ARN}, read from
 * Secrets Manager on first use and kept for the container's life. Values are never logged.
 */
final class Secrets {

    private final Map<String, String> env;
    private volatile SecretsManagerClient client;

    Secrets(Map<String, String> env) {
        this.env = env;
    }

    Supplier<String> supplier(String name) {
        return new Supplier<>() {
            private volatile String value;

            @Override
            public String get() {
                String v = value;
                if (v == null) {
                    v = read(name);
                    value = v;
                }
                return v;
            }
        };
    }

    boolean configured(String name) {
        return notBlank(env.get(name)) || notBlank(env.get(name + "_SECRET_ARN"));
    }

    private String read(String name) {
        String direct = env.get(name);
        if (notBlank(direct)) {
            return direct;
        }
        String arn = env.get(name + "_SECRET_ARN");
        if (!notBlank(arn)) {
            throw new IllegalStateException(name + " is not configured (set " + name + " or " + name
                    + "_SECRET_ARN)");
        }
        return client().getSecretValue(b -> b.secretId(arn)).secretString();
    }

    private SecretsManagerClient client() {
        SecretsManagerClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = SecretsManagerClient.builder()
                            .region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
                            .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                                    .socketTimeout(Duration.ofSeconds(5)).build())
                            .build();
                }
                c = client;
            }
        }
        return c;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
