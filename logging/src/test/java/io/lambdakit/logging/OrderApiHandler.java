package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// docs:plain-begin
// docs:begin plain-api
public class OrderApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(OrderApiHandler.class);
    private static final LambdaLogging LOGGING = LambdaLogging.builder()
            .logEvent(true)
            .correlationIdPath(CorrelationIdPaths.API_GATEWAY_REST)
            .logger(OrderApiHandler.class)
            .build();

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return LOGGING.execute(context, event, () -> {
            LOG.atInfo().addKeyValue("path", event.getPath()).log("order received");
            return new APIGatewayProxyResponseEvent().withStatusCode(201);
        });
    }
}
// docs:end plain-api
// docs:plain-end
