package io.lambdakit.testing.sample;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationScope;

import java.util.Map;

/**
 * Keeps what lambdakit's instances keep (their execution environment) in a static field, as a handler does with
 * {@code private static final Metrics METRICS = Metrics.builder()...build()}: initialised by the first function
 * that loads the class.
 */
public class StaticInstanceHandler implements RequestHandler<Map<String, Object>, String> {

    private static final ExecutionEnvironment SHARED = ExecutionEnvironment.current();

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        try (InvocationScope scope = SHARED.enter(context)) {
            return scope.context().coldStart().wireName();
        }
    }
}
