package io.lambdakit.idempotency.example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.idempotency.DynamoDbIdempotencyStore;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.spi.IdempotencyStore;

import java.util.Map;
import java.util.UUID;

/** The plain-API example of docs/idempotency.md, compiled and run by {@code PaymentHandlerTest}. */
// docs:begin plain-api
public class PaymentHandler implements RequestHandler<Map<String, Object>, PaymentHandler.Receipt> {

    public record Receipt(String paymentId, long amount, String chargeId) {
    }

    private final Idempotency idempotency;

    public PaymentHandler() {
        this(DynamoDbIdempotencyStore.builder().tableName(System.getenv("IDEMPOTENCY_TABLE")).build());
    }

    PaymentHandler(IdempotencyStore store) {
        idempotency = Idempotency.builder()
                .store(store)
                .eventKeyJmesPath("powertools_json(body).paymentId")          // API Gateway body
                .payloadValidationJmesPath("powertools_json(body).amount")    // same id, other amount: rejected
                .build();
    }

    @Override
    public Receipt handleRequest(Map<String, Object> event, Context context) {
        return idempotency.execute("pay", event, context, Receipt.class, () -> charge(event));
    }

    private Receipt charge(Map<String, Object> event) {
        // call the payment provider once per paymentId ...
        return new Receipt("p-1", 4200, "ch_" + UUID.randomUUID());
    }
}
// docs:end plain-api
