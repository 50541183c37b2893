package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.ExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The woven {@code @Logging} handler, primed before a SnapStart checkpoint with a synthetic event. */
public final class PrimedOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(PrimedOrderHandler.class);

    /** Logs its init and registers the priming call. */
    public PrimedOrderHandler() {
        LOG.info("handler initialised");
        ExecutionEnvironment.current().primeBeforeCheckpoint("orders: prime the handler",
                context -> handleRequest(Map.of("orderId", "synthetic-priming-order"), context));
    }

    @Override
    @Logging(logEvent = true, logError = true)
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        LOG.atInfo().addKeyValue("orderId", event.get("orderId")).log("order handled");
        return Map.of("orderId", event.get("orderId"));
    }
}
