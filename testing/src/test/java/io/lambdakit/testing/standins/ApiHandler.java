package io.lambdakit.testing.standins;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdakit.core.Json;

import java.util.Map;

/** A REST API proxy handler: echoes what API Gateway delivered; {@code /fail} throws, {@code /bad} answers no statusCode. */
public class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        if (event.getPath().endsWith("/fail")) {
            throw new IllegalStateException("failing on purpose");
        }
        ObjectNode echo = Json.mapper().createObjectNode();
        echo.put("httpMethod", event.getHttpMethod());
        echo.put("path", event.getPath());
        echo.put("resource", event.getResource());
        echo.putPOJO("pathParameters", event.getPathParameters());
        echo.putPOJO("queryStringParameters", event.getQueryStringParameters());
        echo.put("idempotencyKey", event.getHeaders() == null ? null : event.getHeaders().get("Idempotency-Key"));
        echo.put("body", event.getBody());
        echo.put("stage", event.getRequestContext().getStage());
        echo.put("requestContextPath", event.getRequestContext().getPath());
        return new APIGatewayProxyResponseEvent().withStatusCode(event.getPath().endsWith("/created") ? 201 : 200)
                .withHeaders(Map.of("Content-Type", "application/json", "X-Handled-By", context.getFunctionName()))
                .withBody(echo.toString());
    }
}
