package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PaymentLinksTest {

    @Test
    void sign_knownVector_matchesRfc4231TestCase2() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(PaymentLinks.sign("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void linkFor_order_signsTheQueryWithTheCurrentKey() {
        PaymentLinks links = new PaymentLinks(() -> "key-1", URI.create("https://pay.example.com/checkout"));

        String link = links.linkFor("o-1", 3750, "EUR");

        assertThat(link).isEqualTo("https://pay.example.com/checkout?order=o-1&amount=3750&currency=EUR&signature="
                + PaymentLinks.sign("key-1", "order=o-1&amount=3750&currency=EUR"));
        assertThat(link).doesNotContain("key-1");
    }

    @Test
    void linkFor_eachCall_readsTheKeyAgainSoARotationIsPickedUp() {
        AtomicInteger reads = new AtomicInteger();
        PaymentLinks links = new PaymentLinks(() -> "key-" + reads.incrementAndGet(), URI.create("https://pay.example.com/c"));

        String first = links.linkFor("o-1", 1, "EUR");
        String second = links.linkFor("o-1", 1, "EUR");

        assertThat(reads).hasValue(2);
        assertThat(first).isNotEqualTo(second);
    }
}
