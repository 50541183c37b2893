package io.lambdakit.idempotency.example;

import io.lambdakit.idempotency.FakeContext;
import io.lambdakit.idempotency.IdempotencyValidationException;
import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs the documented example the way its users would unit-test it: with the in-memory store. */
class PaymentHandlerTest {

    private final PaymentHandler handler = new PaymentHandler(InMemoryIdempotencyStore.create());

    private static Map<String, Object> request(String body) {
        return Map.of("httpMethod", "POST", "body", body);
    }

    @Test
    void retriedRequest_returnsTheFirstReceipt() {
        PaymentHandler.Receipt first = handler.handleRequest(request("{\"paymentId\":\"p-1\",\"amount\":4200}"),
                FakeContext.create(Clock.systemUTC()));

        PaymentHandler.Receipt retry = handler.handleRequest(request("{ \"amount\": 4200, \"paymentId\": \"p-1\" }"),
                FakeContext.create(Clock.systemUTC()));

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void samePaymentIdWithOtherAmount_isRejected() {
        handler.handleRequest(request("{\"paymentId\":\"p-1\",\"amount\":4200}"), FakeContext.create(Clock.systemUTC()));

        assertThatThrownBy(() -> handler.handleRequest(request("{\"paymentId\":\"p-1\",\"amount\":1}"),
                FakeContext.create(Clock.systemUTC()))).isInstanceOf(IdempotencyValidationException.class);
    }
}
