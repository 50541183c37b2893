package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The woven handler the end-to-end IT runs under the real runtime interface client. */
public class ItOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(ItOrderHandler.class);

    public ItOrderHandler() {
        LOG.info("handler initialised");
    }

    @Override
    @Logging(logEvent = true, logError = true, correlationIdPath = CorrelationIdPaths.API_GATEWAY_REST)
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        LOG.atInfo().addKeyValue("orderId", event.get("orderId")).addKeyValue("apiToken", "tok-123").log("order handled");
        if (Boolean.TRUE.equals(event.get("fail"))) {
            throw new IllegalStateException("order " + event.get("orderId") + " rejected");
        }
        return Map.of("orderId", event.get("orderId"));
    }
}
