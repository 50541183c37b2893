package io.lambdakit.benchmarks.snapstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.type.TypeReference;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import io.lambdakit.logging.LambdaLogging;
import io.lambdakit.logging.LogOutput;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.secrets.ProviderKind;
import io.lambdakit.secrets.Secrets;
import io.lambdakit.tracing.Tracer;
import org.slf4j.Logger;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The function the restore benchmark runs: one order handler using logging, metrics, tracing,
 * idempotency (in-memory store) and secrets (through the extension's protocol), configured at
 * init exactly as a user would, writing to discarded sinks.
 */
final class BenchFunction {

    private static final TypeReference<Map<String, Object>> RESULT = new TypeReference<>() { };

    private final LambdaLogging logging;
    private final Logger log;
    private final Metrics metrics;
    private final Tracer tracer;
    private final Idempotency idempotency;
    private final Secrets secrets;

    /**
     * @param ee            the execution environment (its lifecycle holds every module's hooks)
     * @param daemonAddress the X-Ray daemon stand-in
     * @param extensionPort the secrets extension stand-in's port
     * @param primeHandler  true to register the opt-in handler priming
     */
    BenchFunction(ExecutionEnvironment ee, String daemonAddress, int extensionPort, boolean primeHandler) {
        LogOutput output = LogOutput.builder().executionEnvironment(ee).sink((line, off, len) -> { }).serviceName("bench").build();
        this.logging = LambdaLogging.builder().output(output).logEvent(true).build();
        this.log = output.logger(BenchFunction.class);
        this.metrics = Metrics.builder().executionEnvironment(ee).namespace("Bench").service("bench")
                .output(new PrintStream(OutputStream.nullOutputStream(), true)).build();
        this.tracer = Tracer.builder().executionEnvironment(ee).serviceName("bench").daemonAddress(daemonAddress).build();
        this.idempotency = Idempotency.builder().executionEnvironment(ee).store(InMemoryIdempotencyStore.create())
                .eventKeyJmesPath("orderId").build();
        this.secrets = Secrets.builder().executionEnvironment(ee).provider(ProviderKind.EXTENSION).extensionPort(extensionPort).build();
        if (primeHandler) {
            ee.primeBeforeCheckpoint("prime the order handler", context -> handle(event("priming"), context));
        }
    }

    static Map<String, Object> event(String orderId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("orderId", orderId);
        event.put("amount", 42.5);
        event.put("items", java.util.List.of(Map.of("sku", "a-1", "qty", 2)));
        return event;
    }

    Map<String, Object> handle(Map<String, Object> event, Context context) {
        return logging.execute(context, event, () -> metrics.execute(context, () -> tracer.execute(context, () ->
                idempotency.execute("charge", event, context, RESULT, () -> {
                    String apiKey = secrets.get("bench/api-key");
                    log.info("charging order {}", event.get("orderId"));
                    metrics.add("Charged", 1);
                    tracer.putAnnotation("order_id", String.valueOf(event.get("orderId")));
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("orderId", event.get("orderId"));
                    result.put("charged", tracer.trace("charge", () -> event.get("amount")));
                    result.put("keyLength", apiKey.length());
                    return result;
                }))));
    }
}
