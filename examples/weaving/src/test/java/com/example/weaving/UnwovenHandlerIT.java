package com.example.weaving;

import io.lambdakit.testing.FunctionInitException;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The init-time weaving check under the real runtime client: the handler classes here are test
 * sources, compiled by javac alone, so their annotations are not woven.
 */
class UnwovenHandlerIT {

    @Test
    void unwovenIdempotent_firstUseOfLambdakitAtInit_failsTheInitNamingMethodAndAspectLibrary() {
        LocalFunction.Builder function = LocalFunction.builder()
                .handler(UnwovenIdempotentHandler.class)
                .mode(LocalFunction.Mode.RUNTIME_CLIENT);

        FunctionInitException e = catchThrowableOfType(FunctionInitException.class, () -> {
            try (LocalFunction started = function.start()) {
                started.invoke("{\"orderId\":\"o-1\"}");
            }
        });

        assertThat(e).as("the init must fail").isNotNull();
        assertThat(e.errorType()).isEqualTo("io.lambdakit.core.ConfigurationException");
        assertThat(e.errorMessage())
                .contains("@Idempotent on com.example.weaving.UnwovenIdempotentHandler.handleRequest(Map, Context) was not woven")
                .contains("the method would run unguarded")
                .contains("<artifactId>lambdakit-idempotency</artifactId>")
                .contains("@Logging on com.example.weaving.UnwovenIdempotentHandler.handleRequest(Map, Context)")
                .contains("<artifactId>lambdakit-logging</artifactId>");
    }

    @Test
    void unwovenFlushMetrics_firstLogLineAtInit_warnsOnceAndTheFunctionRuns() {
        try (LocalFunction function = LocalFunction.builder()
                .handler(UnwovenMetricsHandler.class)
                .mode(LocalFunction.Mode.RUNTIME_CLIENT)
                .start()) {

            InvocationResult first = function.invoke("{\"name\":\"ada\"}");
            InvocationResult second = function.invoke("{\"name\":\"grace\"}");

            assertThat(first.succeeded()).as("first: %s", first).isTrue();
            assertThat(second.succeeded()).isTrue();
            List<String> warnings = new ArrayList<>();
            List<String> everything = new ArrayList<>(function.initOutput());
            everything.addAll(first.stdout());
            everything.addAll(second.stdout());
            for (String line : everything) {
                if (line.contains("io.lambdakit.core.internal.WeavingCheck")) {
                    warnings.add(line);
                }
            }
            assertThat(warnings).as("output: %s", everything).hasSize(1);
            assertThat(warnings.get(0))
                    .contains("\"level\":\"WARN\"")
                    .contains("@FlushMetrics on com.example.weaving.UnwovenMetricsHandler.handleRequest(Map, Context) was not woven")
                    .contains("<artifactId>lambdakit-metrics</artifactId>");
        }
    }
}
