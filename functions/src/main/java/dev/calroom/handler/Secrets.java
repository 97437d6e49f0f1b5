package dev.calroom.handler;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Secrets from the environment: a variable holding the value (local development and tests), or one holding the
 * secret's ARN (template.yaml), read from
 * Secrets Manager on first use and kept for the container's life ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER} points
 * the client elsewhere, as the local stack does). Values are never logged.
 */
final class Secrets {

    private final Map<String, String> env;
    private volatile SecretsManagerClient client;

    Secrets(Map<String, String> env) {
        this.env = env;
    }

    /**
     * The secret's value, read on first use: the variable {@code name} if set (local development), else the secret
     * the variable {@code arnName} names (template.yaml's {@code *_SECRET_ARN}). Both names are spelt out by the
     * caller, never derived, and read now, at init.
     */
    Supplier<String> supplier(String name, String arnName) {
        String direct = env.get(name);
        String arn = env.get(arnName);
        return new Supplier<>() {
            private volatile String value;

            @Override
            public String get() {
                String v = value;
                if (v == null) {
                    v = read(name, arnName, direct, arn);
                    value = v;
                }
                return v;
            }
        };
    }

    private String read(String name, String arnName, String direct, String arn) {
        if (notBlank(direct)) {
            return direct;
        }
        if (!notBlank(arn)) {
            throw new IllegalStateException(name + " is not configured (set " + name + " or " + arnName + ")");
        }
        return client().getSecretValue(b -> b.secretId(arn)).secretString();
    }

    private SecretsManagerClient client() {
        SecretsManagerClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    var builder = dev.calroom.aws.AwsClients.configure(SecretsManagerClient.builder(), env,
                            "AWS_ENDPOINT_URL_SECRETS_MANAGER");
                    client = builder.build();
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
