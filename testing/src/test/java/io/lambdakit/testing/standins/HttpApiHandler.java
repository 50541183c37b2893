package io.lambdakit.testing.standins;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP API handler (payload 2.0) that returns a plain object, which an HTTP API answers as a 200 JSON body
 * and a REST API rejects (no statusCode).
 */
public class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("version", event.getVersion());
        echo.put("routeKey", event.getRouteKey());
        echo.put("rawPath", event.getRawPath());
        echo.put("pathParameters", event.getPathParameters());
        echo.put("queryStringParameters", event.getQueryStringParameters());
        echo.put("cookies", event.getCookies());
        echo.put("method", event.getRequestContext() == null || event.getRequestContext().getHttp() == null ? null
                : event.getRequestContext().getHttp().getMethod());
        return echo;
    }
}
