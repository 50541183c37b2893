package io.lambdakit.testing.snapstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.InvocationScope;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

// docs:begin handler
/** A SnapStart function: own state refreshed after restore, handler primed before the checkpoint. */
public final class QuoteHandler implements RequestHandler<Map<String, String>, Map<String, Object>> {

    private final ExecutionEnvironment lambda;
    private final Random random = new Random();          // randomness we own: reseed after restore
    private volatile String instanceId = UUID.randomUUID().toString(); // an id we own: regenerate after restore
    private final AtomicInteger primingCalls = new AtomicInteger();

    public QuoteHandler() {
        this(ExecutionEnvironment.current());
    }

    QuoteHandler(ExecutionEnvironment lambda) {
        this.lambda = lambda;
        // every environment restored from the snapshot must get its own id and its own random sequence
        lambda.lifecycle().onAfterRestore("quotes: new instance id and seed", this, handler -> {
            handler.instanceId = UUID.randomUUID().toString();
            handler.random.setSeed(new SecureRandom().nextLong());
        });
        // opt-in: run the handler once before the snapshot with a synthetic event; lambdakit keeps it silent
        lambda.primeBeforeCheckpoint("quotes: prime the handler", context -> handleRequest(Map.of("symbol", "PRIME"), context));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, String> event, Context context) {
        try (InvocationScope scope = lambda.enter(context)) {
            InvocationContext invocation = scope.context();
            if (invocation.isPriming()) {
                primingCalls.incrementAndGet();
            }
            Map<String, Object> quote = new LinkedHashMap<>();
            quote.put("symbol", event.getOrDefault("symbol", "?"));
            quote.put("quoteId", Long.toHexString(random.nextLong()));
            quote.put("price", 100 + random.nextInt(900));
            quote.put("instance", instanceId);
            quote.put("coldStart", invocation.coldStart().wireName());
            quote.put("primingCalls", primingCalls.get());
            return quote;
        }
    }

    String instanceId() { // for the uniqueness test below
        return instanceId;
    }
}
// docs:end handler
