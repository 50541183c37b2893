package io.lambdakit.core.internal;

import io.lambdakit.core.spi.PrimingContext;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.core.Json;
import io.lambdakit.core.spi.JsonWriter;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.TraceHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The synthetic hot path of lambdakit-core that the build records ({@link ClassListRecorder}):
 * an environment snapshot, an invocation scope with a trace header and attributes, the shared
 * JSON mapper and writer, and a lifecycle run. Writes nothing but what it is given.
 */
public final class CorePreloadScenario {

    private static final InvocationContext.Key<List<String>> KEY = InvocationContext.Key.of("scenario");

    private CorePreloadScenario() {
    }

    /**
     * @param args ignored
     * @throws Exception when the scenario fails (the build fails)
     */
    public static void main(String[] args) throws Exception {
        List<String> reports = new ArrayList<>();
        ExecutionEnvironment ee = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of(Environment.AWS_LAMBDA_FUNCTION_NAME, "scenario", Environment.AWS_REGION, "eu-west-1",
                        Environment.AWS_LAMBDA_INITIALIZATION_TYPE, "snap-start", Environment.X_AMZN_TRACE_ID,
                        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")))
                .lifecycle(Lifecycle.create(reports::add))
                .systemProperties(k -> null)
                .build();
        ee.lifecycle().beforeCheckpoint();
        ee.lifecycle().afterRestore();
        for (int i = 0; i < 3; i++) {
            try (InvocationScope scope = ee.enter(new PrimingContext(ee.environment(), "scenario-" + i))) {
                InvocationContext ic = scope.context();
                ic.attribute(KEY, ArrayList::new).add(ic.requestId());
                ic.wrap((Runnable) ic::remainingTime).run();
                ic.traceHeader().map(TraceHeader::toHeaderString).ifPresent(h -> ic.attribute(KEY).orElseThrow().add(h));
                JsonNode node = Json.mapper().readTree("{\"a\":[1,2.5,\"x\",true,null],\"b\":{\"c\":\"d\"}}");
                String back = Json.mapper().writeValueAsString(node);
                JsonWriter w = JsonWriter.create(256);
                w.beginObject().name("coldStart").value(ic.coldStart().wireName()).name("n").value(1L).name("d").value(0.5)
                        .name("b").value(true).name("raw").rawValue(back).name("pojo").pojoValue(Map.of("k", "v")).endObject();
                if (w.size() == 0) {
                    throw new IllegalStateException("nothing written");
                }
            }
        }
        ee.prime("scenario", context -> Json.mapper().writeValueAsBytes(Map.of("primed", context.getAwsRequestId())));
    }
}
