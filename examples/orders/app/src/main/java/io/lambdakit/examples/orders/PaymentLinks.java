package io.lambdakit.examples.orders;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Links to the payment provider's hosted checkout, signed with HMAC-SHA256 under the provider's
 * API key so the provider can trust the amount: {@code <base>?order=..&amount=..&currency=..&signature=<hex>}.
 * The key comes from Secrets Manager through lambdakit-secrets on every call (served from its cache),
 * so a rotated key is picked up without a redeploy. The key never appears in a link, log or error.
 */
public final class PaymentLinks {

    private static final String ALGORITHM = "HmacSHA256";

    private final Supplier<String> apiKey;
    private final URI checkout;

    /**
     * @param apiKey   the provider's API key, read when a link is made
     * @param checkout the provider's checkout page
     */
    public PaymentLinks(Supplier<String> apiKey, URI checkout) {
        this.apiKey = apiKey;
        this.checkout = checkout;
    }

    /**
     * @param orderId    the order
     * @param totalCents its total
     * @param currency   its currency
     * @return the signed link
     */
    public String linkFor(String orderId, long totalCents, String currency) {
        String query = "order=" + URLEncoder.encode(orderId, StandardCharsets.UTF_8) + "&amount=" + totalCents
                + "&currency=" + currency;
        return checkout + "?" + query + "&signature=" + sign(apiKey.get(), query);
    }

    /**
     * @param key   the API key
     * @param query the signed part of the link
     * @return the lower-case hex HMAC-SHA256 of {@code query} under {@code key}
     */
    static String sign(String key, String query) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal(query.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
