package io.lambdakit.testing.sample;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

/** The handler of the documentation's example: accepts an order and logs one JSON line. */
public class OrderHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        System.out.println("{\"level\":\"INFO\",\"message\":\"order placed\",\"path\":\"" + request.getPath() + "\"}");
        return new APIGatewayProxyResponseEvent().withStatusCode(201).withBody(request.getBody());
    }
}
