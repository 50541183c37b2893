package io.lambdakit.examples.orders;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;

import io.lambdakit.core.Json;

/** API Gateway proxy responses with JSON bodies: 201 with the order, errors as {@code {"error":..,"message":..}}. */
final class ApiResponses {

    private ApiResponses() {
    }

    static APIGatewayProxyResponseEvent created(OrderCreated order) {
        return respond(201, order, Map.of("Location", "/orders/" + order.orderId()));
    }

    static APIGatewayProxyResponseEvent error(int status, String code, String message, List<String> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (!problems.isEmpty()) {
            body.put("problems", problems);
        }
        return respond(status, body, status == 409 ? Map.of("Retry-After", "1") : Map.of());
    }

    private static APIGatewayProxyResponseEvent respond(int status, Object body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(extraHeaders);
        try {
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(status)
                    .withHeaders(headers)
                    .withBody(Json.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response body", e);
        }
    }
}
