package dev.calroom.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Daily.co's webhook signature: {@code base64(HMAC-SHA256(base64decode(secret), timestamp + "." + raw body))},
 * computed over the raw bytes as received and compared in constant time.
 */
public final class WebhookSignature {

    private final Supplier<String> secret;
    private volatile byte[] key;

    /** @param secret the webhook's HMAC secret, base64 as Daily shows it */
    public WebhookSignature(String secret) {
        this(() -> secret);
    }

    /** A secret read when the first delivery arrives (from Secrets Manager on AWS). */
    public WebhookSignature(Supplier<String> secret) {
        this.secret = secret;
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = Base64.getDecoder().decode(secret.get().trim());
            key = k;
        }
        return k;
    }

    public String sign(String timestamp, byte[] body) {
        return Base64.getEncoder().encodeToString(mac(timestamp, body));
    }

    public boolean verify(String timestamp, byte[] body, String signature) {
        if (timestamp == null || signature == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(timestamp, body), given);
    }

    private byte[] mac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            mac.update(body);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
