package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lambdakit.core.ConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for API Gateway with Lambda proxy integrations, on a loopback HTTP port: each request
 * on a route becomes the event API Gateway sends ({@link PayloadFormat#REST}: an
 * {@code APIGatewayProxyRequestEvent} with path parameters, query string and request context;
 * {@link PayloadFormat#HTTP_API}: an {@code APIGatewayV2HTTPEvent}, payload format 2.0), the function's
 * proxy response becomes the HTTP response, and the rest is answered as API Gateway answers it:
 *
 * <table>
 * <caption>Answers that do not come from the function</caption>
 * <tr><th>situation</th><th>REST API</th><th>HTTP API</th></tr>
 * <tr><td>no route for the method and path</td><td>403 {@code {"message":"Missing Authentication Token"}}</td>
 *     <td>404 {@code {"message":"Not Found"}}</td></tr>
 * <tr><td>the invocation failed (error, timeout, crash)</td><td>502 {@code {"message": "Internal server error"}}</td>
 *     <td>500 {@code {"message":"Internal Server Error"}}</td></tr>
 * <tr><td>a response without an integer {@code statusCode}</td><td>502, as above</td>
 *     <td>200 with the response as JSON body (payload 2.0's rule); 500 when it is not JSON</td></tr>
 * </table>
 *
 * <p>Requests are served one at a time, as one execution environment serves one request at a time.
 * Bodies are passed as text ({@code isBase64Encoded} false), as a REST API without binary media types does.
 * Header names arrive in the usual capitalisation ({@code Idempotency-Key}, {@code Content-Type}) whatever
 * the client sent (the JDK's HTTP server does not keep it); read them case-insensitively, as HTTP requires.
 *
 * <pre>{@code
 * try (LocalApiGateway api = LocalApiGateway.builder().route("POST", "/orders", createOrder).start()) {
 *     HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.endpoint().resolve("/orders")) ...);
 * }
 * }</pre>
 */
public final class LocalApiGateway implements AutoCloseable {

    /** The event and response format of the integration. */
    public enum PayloadFormat {
        /** REST API ({@code AWS::Serverless::Function} events of Type {@code Api}): payload format 1.0. */
        REST,
        /** HTTP API (events of Type {@code HttpApi}): payload format 2.0. */
        HTTP_API
    }

    /**
     * A request the gateway answered.
     *
     * @param method     the HTTP method
     * @param path       the request path
     * @param status     the HTTP status answered
     * @param body       the body answered
     * @param invocation the function's invocation, or null when no function ran (no route, or a backend route)
     */
    public record Exchange(String method, String path, int status, String body, InvocationResult invocation) {
    }

    /**
     * A request to a {@link Backend} route.
     *
     * @param method  the HTTP method
     * @param path    the request path
     * @param headers the headers, one value each, names case-insensitive
     * @param body    the body, empty when there was none
     */
    public record Request(String method, String path, Map<String, String> headers, String body) {
    }

    /**
     * A backend route's answer.
     *
     * @param status  the HTTP status
     * @param headers response headers
     * @param body    the body
     */
    public record Response(int status, Map<String, String> headers, String body) {
    }

    /** A route served by local code rather than a function: a helper endpoint of a local run, say. */
    @FunctionalInterface
    public interface Backend {
        /**
         * @param request the request
         * @return the answer
         * @throws Exception answered with 500 {@code {"message":"Internal Server Error"}}
         */
        Response handle(Request request) throws Exception;
    }

    private static final String REST_NO_ROUTE = "{\"message\":\"Missing Authentication Token\"}";
    private static final String REST_FAILED = "{\"message\": \"Internal server error\"}";
    private static final String HTTP_NO_ROUTE = "{\"message\":\"Not Found\"}";
    private static final String HTTP_FAILED = "{\"message\":\"Internal Server Error\"}";

    private final PayloadFormat format;
    private final String stage;
    private final List<Route> routes;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    private LocalApiGateway(Builder b) throws IOException {
        this.format = b.format;
        this.stage = b.stage != null ? b.stage : format == PayloadFormat.REST ? "Prod" : "$default";
        this.routes = List.copyOf(b.routes);
        this.executor = Executors.newSingleThreadExecutor(new Daemon());
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", b.port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** @return a builder; add routes, then {@link Builder#start()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return {@code http://127.0.0.1:<port>}; resolve paths against it */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** @return every request answered so far, in order */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** Stops listening. The functions behind it stay yours to close. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            String method = http.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = http.getRequestURI().getRawPath();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            http.getRequestHeaders().forEach((k, v) -> headers.put(canonical(k), String.join(",", v)));
            String body;
            try (InputStream in = http.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Route route = null;
            Map<String, String> pathParameters = null;
            for (Route r : routes) {
                Map<String, String> match = r.match(method, path);
                if (match != null) {
                    route = r;
                    pathParameters = match;
                    break;
                }
            }
            if (route == null) {
                String answer = format == PayloadFormat.REST ? REST_NO_ROUTE : HTTP_NO_ROUTE;
                int status = format == PayloadFormat.REST ? 403 : 404;
                answer(http, method, path, status, Map.of(), answer, null);
                return;
            }
            if (route.backend != null) {
                Response response;
                try {
                    response = route.backend.handle(new Request(method, path, headers, body));
                } catch (Exception e) {
                    answer(http, method, path, 500, Map.of(), HTTP_FAILED, null);
                    return;
                }
                answer(http, method, path, response.status(), response.headers(), response.body(), null);
                return;
            }
            List<String> query = rawQuery(http.getRequestURI().getRawQuery());
            InvocationResult result = route.function.invoke(format == PayloadFormat.REST
                    ? restEvent(method, path, route, pathParameters, headers, query, body)
                    : httpEvent(method, path, route, pathParameters, headers, http.getRequestURI().getRawQuery(), query, body));
            proxyResponse(http, method, path, result);
        }
    }

    private Object restEvent(String method, String path, Route route, Map<String, String> pathParameters,
                             Map<String, String> headers, List<String> query, String body) {
        Events.ApiGatewayRestBuilder event = Events.apiGatewayRest().method(method).path(path).resource(route.path)
                .stage(stage).body(body.isEmpty() ? null : body);
        headers.forEach(event::header);
        for (int i = 0; i < query.size(); i += 2) {
            event.query(query.get(i), query.get(i + 1));
        }
        pathParameters.forEach(event::pathParameter);
        return event.build();
    }

    private Object httpEvent(String method, String path, Route route, Map<String, String> pathParameters,
                             Map<String, String> headers, String rawQuery, List<String> query, String body) {
        Events.ApiGatewayHttpBuilder event = Events.apiGatewayHttp().method(method).path(path)
                .route(route.method.equals("ANY") ? "ANY " + route.path : route.method + " " + route.path)
                .body(body.isEmpty() ? null : body);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase("Cookie")) {
                for (String cookie : h.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        event.cookie(cookie.strip());
                    }
                }
            } else {
                event.header(h.getKey(), h.getValue());
            }
        }
        for (int i = 0; i < query.size(); i += 2) {
            event.query(query.get(i), query.get(i + 1));
        }
        pathParameters.forEach(event::pathParameter);
        return event.build();
    }

    private void proxyResponse(HttpExchange http, String method, String path, InvocationResult result) throws IOException {
        String failed = format == PayloadFormat.REST ? REST_FAILED : HTTP_FAILED;
        int failedStatus = format == PayloadFormat.REST ? 502 : 500;
        if (!result.succeeded()) {
            answer(http, method, path, failedStatus, Map.of(), failed, result);
            return;
        }
        JsonNode response;
        try {
            response = result.responseJson();
        } catch (RuntimeException e) {
            answer(http, method, path, failedStatus, Map.of(), failed, result);
            return;
        }
        if (response == null || !response.isObject() || !response.path("statusCode").canConvertToInt()
                || !response.path("statusCode").isIntegralNumber()) {
            if (format == PayloadFormat.HTTP_API && response != null && !response.isMissingNode()
                    && !(response.isObject() && response.has("statusCode"))) {
                answer(http, method, path, 200, Map.of("Content-Type", "application/json"), response.toString(), result);
            } else {
                answer(http, method, path, failedStatus, Map.of(), failed, result);
            }
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> i = response.path("headers").fields(); i.hasNext(); ) {
            Map.Entry<String, JsonNode> h = i.next();
            headers.put(h.getKey(), h.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> i = response.path("multiValueHeaders").fields(); i.hasNext(); ) {
            Map.Entry<String, JsonNode> h = i.next();
            List<String> values = new ArrayList<>();
            h.getValue().forEach(v -> values.add(v.asText()));
            headers.put(h.getKey(), String.join(",", values));
        }
        List<String> cookies = new ArrayList<>();
        response.path("cookies").forEach(c -> cookies.add(c.asText()));
        JsonNode bodyNode = response.path("body");
        String body = bodyNode.isMissingNode() || bodyNode.isNull() ? "" : bodyNode.asText();
        if (response.path("isBase64Encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.ISO_8859_1);
        }
        for (String cookie : cookies) {
            http.getResponseHeaders().add("Set-Cookie", cookie);
        }
        answer(http, method, path, response.path("statusCode").asInt(), headers, body, result);
    }

    private void answer(HttpExchange http, String method, String path, int status, Map<String, String> headers,
                        String body, InvocationResult invocation) throws IOException {
        exchanges.add(new Exchange(method, path, status, body, invocation));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> http.getResponseHeaders().set(k, v));
        if (!http.getResponseHeaders().containsKey("Content-Type")) {
            http.getResponseHeaders().set("Content-Type", "application/json");
        }
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** {@code Idempotency-Key} for the JDK server's {@code Idempotency-key}: the case clients send. */
    private static String canonical(String name) {
        StringBuilder b = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return b.toString();
    }

    /** name, value, name, value... of a raw query string, decoded. */
    private static List<String> rawQuery(String raw) {
        List<String> pairs = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return pairs;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            pairs.add(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8));
            pairs.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return pairs;
    }

    /** A method and path template ({@code /orders/{id}}, {@code /files/{proxy+}}) and what serves it. */
    private static final class Route {
        final String method;
        final String path;
        final String[] segments;
        final LocalFunction function;
        final Backend backend;

        Route(String method, String path, LocalFunction function, Backend backend) {
            this.method = method.toUpperCase(Locale.ROOT);
            this.path = path;
            this.segments = path.substring(1).split("/", -1);
            this.function = function;
            this.backend = backend;
        }

        /** @return the path parameters when the request matches, else null */
        Map<String, String> match(String requestMethod, String requestPath) {
            if (!method.equals("ANY") && !method.equals(requestMethod)) {
                return null;
            }
            String[] given = requestPath.length() > 1 ? requestPath.substring(1).split("/", -1) : new String[] {""};
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String s = segments[i];
                boolean greedy = s.startsWith("{") && s.endsWith("+}");
                if (greedy) {
                    if (i >= given.length) {
                        return null;
                    }
                    parameters.put(s.substring(1, s.length() - 2), decode(String.join("/",
                            java.util.Arrays.copyOfRange(given, i, given.length))));
                    return parameters;
                }
                if (i >= given.length) {
                    return null;
                }
                if (s.startsWith("{") && s.endsWith("}")) {
                    if (given[i].isEmpty()) {
                        return null;
                    }
                    parameters.put(s.substring(1, s.length() - 1), decode(given[i]));
                } else if (!s.equals(given[i])) {
                    return null;
                }
            }
            return given.length == segments.length ? parameters : null;
        }

        private static String decode(String s) {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }

    /** Settings of a {@link LocalApiGateway}; {@link #start()} validates them all at once and starts it. */
    public static final class Builder {
        private int port;
        private PayloadFormat format = PayloadFormat.REST;
        private String stage;
        private final List<Route> routes = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param port the port, 1 to 65535; 0 (default) picks a free one
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * @param format {@link PayloadFormat#REST} (default) or {@link PayloadFormat#HTTP_API}
         * @return this builder
         */
        public Builder format(PayloadFormat format) {
            this.format = format;
            return this;
        }

        /**
         * @param stage the stage in the request context; default {@code Prod} (SAM's REST API stage) or
         *              {@code $default} (HTTP API)
         * @return this builder
         */
        public Builder stage(String stage) {
            this.stage = stage;
            return this;
        }

        /**
         * Routes a method and path to a function. Paths are templates as in the template's events:
         * {@code /orders/{id}} (one segment), {@code /files/{proxy+}} (the rest of the path). Routes are tried
         * in the order added.
         *
         * @param method   an HTTP method, or {@code ANY}
         * @param path     the path template, starting with {@code /}
         * @param function the function behind it; yours to close
         * @return this builder
         */
        public Builder route(String method, String path, LocalFunction function) {
            if (validRoute(method, path, function, "function")) {
                routes.add(new Route(method, path, function, null));
            }
            return this;
        }

        /**
         * Routes a method and path to local code, such as a helper endpoint of a local run.
         *
         * @param method  an HTTP method, or {@code ANY}
         * @param path    the path template, starting with {@code /}
         * @param backend what answers
         * @return this builder
         */
        public Builder route(String method, String path, Backend backend) {
            if (validRoute(method, path, backend, "backend")) {
                routes.add(new Route(method, path, null, backend));
            }
            return this;
        }

        /**
         * Routes each {@code Api} event (for {@link PayloadFormat#REST}) or {@code HttpApi} event (for
         * {@link PayloadFormat#HTTP_API}) of a template's function, by its {@code Method} and {@code Path}, to
         * the function running it.
         *
         * @param template the function as the template declares it
         * @param function the function running it; yours to close
         * @return this builder
         */
        public Builder routes(SamTemplate.Function template, LocalFunction function) {
            String type = format == PayloadFormat.REST ? "Api" : "HttpApi";
            Map<String, Map<String, Object>> events = template.events(type);
            if (events.isEmpty()) {
                problems.add(template.logicalId() + " has no event of Type " + type + "; route(method, path, function)"
                        + " routes it yourself" + (format == PayloadFormat.REST ? ", or format(PayloadFormat.HTTP_API) for"
                        + " HttpApi events" : ""));
            }
            for (Map.Entry<String, Map<String, Object>> e : events.entrySet()) {
                Object method = e.getValue().get("Method");
                Object path = e.getValue().get("Path");
                if (method instanceof String m && path instanceof String p) {
                    route(m, p, function);
                } else {
                    problems.add(template.logicalId() + "'s event " + e.getKey() + " has Method " + method + " and Path "
                            + path + "; both must be literal strings (an HttpApi event without them is the API's"
                            + " catch-all: route(\"ANY\", \"/{proxy+}\", function))");
                }
            }
            return this;
        }

        private boolean validRoute(String method, String path, Object target, String what) {
            boolean valid = true;
            if (method == null || method.isBlank()) {
                problems.add("a route's method was " + method + " but it must be an HTTP method or ANY");
                valid = false;
            }
            if (path == null || !path.startsWith("/")) {
                problems.add("route " + method + " " + path + ": the path must start with /");
                valid = false;
            }
            if (target == null) {
                problems.add("route " + method + " " + path + ": the " + what + " was null");
                valid = false;
            }
            return valid;
        }

        /**
         * @return the running gateway; close it when done
         * @throws ConfigurationException naming every invalid setting and route
         * @throws LocalFunctionException when the port cannot be bound
         */
        public LocalApiGateway start() {
            ConfigurationException.Problems found = ConfigurationException.problems("LocalApiGateway");
            for (String p : problems) {
                found.add(p);
            }
            found.require(port >= 0 && port <= 65535, "port was " + port + " but it must be 1 to 65535, or 0 for a free one");
            found.require(format != null, "format was null; call format(PayloadFormat.REST) or leave it");
            found.require(!routes.isEmpty() || !problems.isEmpty(), "no routes; call route(method, path, function)");
            found.throwIfAny();
            try {
                return new LocalApiGateway(this);
            } catch (IOException e) {
                throw new LocalFunctionException("LocalApiGateway cannot listen on 127.0.0.1:" + port + ": " + e
                        + (port == 0 ? "" : "; choose another port, or port(0) for a free one"), e);
            }
        }
    }

    /** One daemon thread: a forgotten gateway never keeps the JVM alive. */
    private static final class Daemon implements java.util.concurrent.ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "local-api-gateway");
            t.setDaemon(true);
            return Objects.requireNonNull(t);
        }
    }
}
