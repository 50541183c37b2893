package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.Map;

/** The same handler through the plain API, configured like {@link WovenOrderHandler}'s annotation. */
public class PlainOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final LambdaLogging LOGGING = LambdaLogging.builder()
            .logEvent(true).logResponse(true).logError(true)
            .correlationIdPath(CorrelationIdPaths.API_GATEWAY_REST)
            .logger(WovenOrderHandler.class)
            .build();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return LOGGING.execute(context, event, () -> OrderLogic.handle(event));
    }
}
