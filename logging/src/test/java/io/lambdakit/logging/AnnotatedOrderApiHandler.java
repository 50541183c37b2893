package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// docs:annotated-begin
// docs:begin annotation
public class AnnotatedOrderApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(AnnotatedOrderApiHandler.class);

    @Override
    @Logging(logEvent = true, correlationIdPath = CorrelationIdPaths.API_GATEWAY_REST)
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        LOG.atInfo().addKeyValue("path", event.getPath()).log("order received");
        return new APIGatewayProxyResponseEvent().withStatusCode(201);
    }
}
// docs:end annotation
// docs:annotated-end
