package io.animus.registry.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery, after Stripe's: the header {@value #HEADER} is
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}, the HMAC keyed with the webhook's secret (its UTF-8
 * bytes) over {@code <t>.<body>} (the timestamp as sent, a dot, the raw body bytes). A receiver
 * recomputes it, compares in constant time and refuses a timestamp too far from its clock, so that a
 * captured delivery cannot be replayed later. See docs/webhooks.md.
 */
public final class WebhookSignature {

    /** The header that carries the signature. */
    public static final String HEADER = "Animus-Signature";

    private WebhookSignature() {
    }

    /** The header value for {@code body} sent at {@code epochSeconds}. */
    public static String header(String secret, long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + hmac(secret, epochSeconds, body);
    }

    /** The hex HMAC-SHA256 of {@code <t>.<body>} under {@code secret}. */
    static String hmac(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
