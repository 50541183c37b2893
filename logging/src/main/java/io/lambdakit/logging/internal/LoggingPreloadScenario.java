package io.lambdakit.logging.internal;

import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.spi.PreloadScenarios;
import io.lambdakit.core.spi.PrimingContext;
import io.lambdakit.logging.LambdaLogging;
import io.lambdakit.logging.LogOutput;
import io.lambdakit.logging.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.event.Level;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The synthetic hot path of lambdakit-logging that the build records into its class list
 * ({@code io.lambdakit.core.internal.ClassListRecorder}): a handler run with event and response
 * logging, sampling and a correlation id, lines with arguments, key-value pairs, MDC, a nested
 * exception and a POJO, written to a sink that discards them.
 */
public final class LoggingPreloadScenario {

    private LoggingPreloadScenario() {
    }

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        ExecutionEnvironment ee = PreloadScenarios.executionEnvironment(PreloadScenarios.environment());
        LogOutput output = LogOutput.builder().executionEnvironment(ee).sink((line, off, len) -> { })
                .serviceName("scenario").level(Level.DEBUG).redactKeys("password").build();
        LambdaLogging logging = LambdaLogging.builder().output(output).logEvent(true).logResponse(true).logError(true)
                .samplingRate(0.5).correlationIdPath("headers.\"x-correlation-id\"").logger(LoggingPreloadScenario.class).build();
        Logger log = output.logger(LoggingPreloadScenario.class);
        for (int i = 0; i < 4; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("headers", Map.of("x-correlation-id", "c-" + i));
            event.put("body", "{\"orderId\":\"o-" + i + "\",\"password\":\"hidden\"}");
            int n = i;
            logging.execute(new PrimingContext(ee.environment(), "scenario-" + i), event, () -> {
                MDC.put("orderId", "o-" + n);
                log.info("order {} placed for {}", n, 12.5, StructuredArguments.entry("items", List.of("a", "b")));
                log.atInfo().addKeyValue("customer", Map.of("id", n, "password", "x")).log("with key values");
                log.debug("debug line {}", n);
                log.warn("warning", new IllegalStateException("outer", new IllegalArgumentException("inner")));
                MDC.remove("orderId");
                return Map.of("ok", true, "n", n);
            });
        }
        LambdaLogging.flushBuffer();
    }
}
