package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.Map;

/** A handler woven with the logging aspect at test-compile time, exactly as users weave theirs. */
public class WovenOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    @Logging(logEvent = true, logResponse = true, logError = true, correlationIdPath = CorrelationIdPaths.API_GATEWAY_REST)
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return OrderLogic.handle(event);
    }
}
