package io.lambdakit.examples.orders.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.lambdakit.core.Json;

/**
 * Speaks the AWS Parameters and Secrets Lambda Extension's HTTP API on a loopback port:
 * {@code GET /secretsmanager/get?secretId=..} with header {@code X-Aws-Parameters-Secrets-Token}
 * (which must equal the function's {@code AWS_SESSION_TOKEN}) answers Secrets Manager's
 * {@code GetSecretValue} JSON; an unknown secret gets 400 with {@code ResourceNotFoundException}, a wrong
 * token 401. Every request is recorded (secret id and whether it was served), for the IAM checks.
 */
public final class SecretsExtensionStandIn implements AutoCloseable {

    /** The header the extension checks. */
    public static final String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";

    /**
     * One request.
     *
     * @param secretId the secret asked for
     * @param status   the HTTP status answered
     */
    public record Request(String secretId, int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "secrets-extension-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final String token;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private SecretsExtensionStandIn(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * @param token the session token the functions send
     * @return a running stand-in
     * @throws IOException when no port can be bound
     */
    public static SecretsExtensionStandIn start(String token) throws IOException {
        return new SecretsExtensionStandIn(token);
    }

    /**
     * @param arn   the secret's ARN (what the functions are configured with)
     * @param value its SecretString
     * @return this
     */
    public SecretsExtensionStandIn secret(String arn, String value) {
        secrets.put(arn, value);
        return this;
    }

    /**
     * @param arn a secret's ARN
     * @return its value, for tests that check what was done with it
     */
    public String value(String arn) {
        return secrets.get(arn);
    }

    /** @return the port, for {@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT} */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the requests received so far */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String secretId = query(exchange, "secretId");
            if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals("/secretsmanager/get")) {
                respond(exchange, 404, error("NotFound", "only GET /secretsmanager/get is served here"));
                return;
            }
            if (!token.equals(exchange.getRequestHeaders().getFirst(TOKEN_HEADER))) {
                requests.add(new Request(secretId, 401));
                respond(exchange, 401, error("UnauthorizedException", TOKEN_HEADER + " is missing or wrong"));
                return;
            }
            String value = secretId == null ? null : secrets.get(secretId);
            if (value == null) {
                requests.add(new Request(secretId, 400));
                respond(exchange, 400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
                return;
            }
            requests.add(new Request(secretId, 200));
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("ARN", secretId);
            body.put("Name", secretId.substring(secretId.lastIndexOf(':') + 1));
            body.put("VersionId", "00000000-0000-0000-0000-000000000001");
            body.put("SecretString", value);
            body.putArray("VersionStages").add("AWSCURRENT");
            body.put("CreatedDate", "2026-01-01T00:00:00Z");
            respond(exchange, 200, body.toString());
        }
    }

    private static String error(String type, String message) {
        return Json.mapper().createObjectNode().put("__type", type).put("message", message).toString();
    }

    private static String query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
