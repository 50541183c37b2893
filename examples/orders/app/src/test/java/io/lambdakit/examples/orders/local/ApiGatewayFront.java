package io.lambdakit.examples.orders.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.lambdakit.core.Json;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;

/**
 * A small local stand-in for API Gateway (REST API, Lambda proxy integration) in front of CreateOrder:
 * each HTTP request on the route becomes an {@code APIGatewayProxyRequestEvent} (the format API Gateway
 * sends, request context included), the function's proxy response becomes the HTTP response, and a
 * failed invocation becomes 502 {@code {"message": "Internal server error"}}, as API Gateway answers.
 * Other routes get 403 {@code Missing Authentication Token}, also as API Gateway answers.
 */
public final class ApiGatewayFront implements AutoCloseable {

    /**
     * A request and what it produced.
     *
     * @param status     the HTTP status answered
     * @param body       the body answered
     * @param invocation the function's invocation, null when none ran
     */
    public record Exchange(int status, String body, InvocationResult invocation) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "api-gateway-front");
        t.setDaemon(true);
        return t;
    });
    private final String method;
    private final String path;
    private final LocalFunction function;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    private ApiGatewayFront(int port, String method, String path, LocalFunction function,
                            Map<String, Consumer<String>> extraRoutes) throws IOException {
        this.method = method.toUpperCase(java.util.Locale.ROOT);
        this.path = path;
        this.function = function;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        extraRoutes.forEach((route, sink) -> server.createContext(route, exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("POST")) {
                    respond(exchange, 405, "{\"message\":\"use POST\"}", Map.of());
                    return;
                }
                sink.accept(new String(readAll(exchange.getRequestBody()), StandardCharsets.UTF_8));
                respond(exchange, 202, "{\"message\":\"queued\"}", Map.of());
            }
        }));
        server.setExecutor(executor); // one at a time, as one execution environment serves one request at a time
        server.start();
    }

    /**
     * @param port        the port (0: any free one)
     * @param method      the route's method, e.g. POST
     * @param path        the route's path, e.g. /orders
     * @param function    the function behind it
     * @param extraRoutes local-only POST routes whose body goes to a consumer
     * @return the running front
     * @throws IOException when the port cannot be bound
     */
    public static ApiGatewayFront start(int port, String method, String path, LocalFunction function,
                                        Map<String, Consumer<String>> extraRoutes) throws IOException {
        return new ApiGatewayFront(port, method, path, function, extraRoutes);
    }

    /** @return the port */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return every request served so far */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /**
     * @param method  HTTP method
     * @param path    path
     * @param headers request headers (one value each)
     * @param body    the body, or null
     * @return the API Gateway REST proxy event for that request
     */
    public static String event(String method, String path, Map<String, String> headers, String body) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("resource", path);
        event.put("path", path);
        event.put("httpMethod", method);
        ObjectNode single = event.putObject("headers");
        ObjectNode multi = event.putObject("multiValueHeaders");
        headers.forEach((k, v) -> {
            single.put(k, v);
            multi.putArray(k).add(v);
        });
        event.putNull("queryStringParameters");
        event.putNull("multiValueQueryStringParameters");
        event.putNull("pathParameters");
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("resourceId", "local");
        context.put("stage", "Prod");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("extendedRequestId", UUID.randomUUID().toString());
        context.put("resourcePath", path);
        context.put("httpMethod", method);
        context.put("path", "/Prod" + path);
        context.put("protocol", "HTTP/1.1");
        context.put("requestTimeEpoch", Instant.now().toEpochMilli());
        context.putObject("identity").put("sourceIp", "127.0.0.1").put("userAgent", headers.getOrDefault("User-Agent", ""));
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestPath = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals(method) || !requestPath.equals(path)) {
                String body = "{\"message\":\"Missing Authentication Token\"}";
                exchanges.add(new Exchange(403, body, null));
                respond(exchange, 403, body, Map.of());
                return;
            }
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            byte[] body = readAll(exchange.getRequestBody());
            InvocationResult result = function.invoke(event(method, path, headers,
                    body.length == 0 ? null : new String(body, StandardCharsets.UTF_8)));
            if (!result.succeeded()) {
                String error = "{\"message\": \"Internal server error\"}";
                exchanges.add(new Exchange(502, error, result));
                respond(exchange, 502, error, Map.of());
                return;
            }
            JsonNode response = result.responseJson();
            int status = response.path("statusCode").asInt(502);
            String responseBody = response.path("body").isNull() ? "" : response.path("body").asText();
            Map<String, String> responseHeaders = new java.util.LinkedHashMap<>();
            response.path("headers").properties().forEach(h -> responseHeaders.put(h.getKey(), h.getValue().asText()));
            exchanges.add(new Exchange(status, responseBody, result));
            respond(exchange, status, responseBody, responseHeaders);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of("application/json"));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
