package io.lambdakit.tracing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;
import io.lambdakit.tracing.internal.IdGenerator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SnapStart handler under the real runtime client: primes itself before the checkpoint (traced,
 * so the priming must send nothing), prints the id seed and ids it saw before the checkpoint, and
 * returns the ones it sees after the restore, for the uniqueness guard.
 */
public final class SnapStartOrdersHandler implements RequestHandler<Map<String, String>, Map<String, Object>> {

    private final Tracer tracer = Tracer.create();

    /** Registers priming and the sampling of ids before the checkpoint. */
    public SnapStartOrdersHandler() {
        ExecutionEnvironment ee = ExecutionEnvironment.current();
        ee.primeBeforeCheckpoint("prime orders", context -> handleRequest(Map.of("id", "priming"), context));
        ee.lifecycle().onBeforeCheckpoint("sample ids before the checkpoint", this, owner -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("message", "ids before checkpoint");
            line.putAll(sample());
            System.out.println(Json.mapper().writeValueAsString(line));
        });
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, String> event, Context context) {
        return tracer.execute(context, () -> {
            tracer.putAnnotation("order_id", event.get("id"));
            tracer.trace("charge", () -> "charged");
            return sample();
        });
    }

    private Map<String, Object> sample() {
        IdGenerator ids = tracer.engine().ids();
        List<String> next = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            next.add(ids.nextHex());
        }
        return Map.of("seed", List.of(Long.toString(ids.seed())), "ids", next);
    }
}
