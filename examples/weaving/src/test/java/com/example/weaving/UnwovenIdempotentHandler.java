package com.example.weaving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.Idempotent;
import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import io.lambdakit.logging.Logging;

import java.util.Map;

/**
 * The mistake the init check catches: test sources are compiled by javac alone (this project's
 * AspectJ plugin weaves only the main classes), so these annotations are not woven, as if
 * lambdakit-idempotency were missing from aspectLibraries. The constructor configures idempotency,
 * as a real handler does, and that first use of lambdakit runs the check.
 */
public class UnwovenIdempotentHandler implements RequestHandler<Map<String, String>, Map<String, String>> {

    public UnwovenIdempotentHandler() {
        Idempotency.install(Idempotency.builder().store(InMemoryIdempotencyStore.create()).eventKeyJmesPath("orderId").build());
    }

    @Override
    @Logging
    @Idempotent
    public Map<String, String> handleRequest(Map<String, String> order, Context context) {
        return Map.of("charged", order.get("orderId"));
    }
}
