package io.lambdakit.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of {@link LocalSecretsExtension}: the extension's protocol over a {@link SecretsStore}
 * (token check, the two endpoints and their service JSON, error answers), the injected faults, and the
 * record of requests. Thread-safe.
 */
final class ExtensionProtocol implements HttpHandler {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ACCOUNT = "123456789012";

    private record Fault(int status, String body) { }

    private final SecretsStore store;
    private final String token;
    private final String region;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private volatile Fault globalFault;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicInteger notReady = new AtomicInteger();
    private final List<LocalSecretsExtension.Request> requests = new CopyOnWriteArrayList<>();

    ExtensionProtocol(SecretsStore store, String token, String region) {
        this.store = store;
        this.token = token;
        this.region = region;
    }

    // ------------------------------------------------------------------ faults

    void fail(String idOrName, int status, String body) {
        faults.put(Objects.requireNonNull(idOrName, "idOrName"), new Fault(status, Objects.requireNonNull(body, "body")));
    }

    void failAll(int status, String body) {
        globalFault = new Fault(status, Objects.requireNonNull(body, "body"));
    }

    void delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.delay = delay;
    }

    void notReady(int requests) {
        notReady.set(requests);
    }

    void clearFaults() {
        faults.clear();
        globalFault = null;
        delay = Duration.ZERO;
        notReady.set(0);
    }

    // ------------------------------------------------------------------ recording

    List<LocalSecretsExtension.Request> requests() {
        return List.copyOf(requests);
    }

    int requestCount() {
        return requests.size();
    }

    int requestCount(String idOrName) {
        int n = 0;
        for (LocalSecretsExtension.Request r : requests) {
            if (idOrName.equals(r.id())) {
                n++;
            }
        }
        return n;
    }

    void clearRequests() {
        requests.clear();
    }

    // ------------------------------------------------------------------ HTTP

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
            String presented = exchange.getRequestHeaders().getFirst(LocalSecretsExtension.TOKEN_HEADER);
            boolean tokenOk = token.equals(presented);
            requests.add(new LocalSecretsExtension.Request(exchange.getRequestMethod(), path,
                    Collections.unmodifiableMap(query), tokenOk));
            Duration d = delay;
            if (!d.isZero()) {
                try {
                    Thread.sleep(d.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (notReady.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                send(exchange, 400, "text/plain", LocalSecretsExtension.NOT_READY_BODY);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "Not allowed");
                return;
            }
            if (exchange.getRequestHeaders().containsKey("X-Forwarded-For")) {
                send(exchange, 400, "text/plain", "Forwarded");
                return;
            }
            if (!tokenOk) {
                send(exchange, 403, "text/plain", "Bad Token");
                return;
            }
            Fault fault = globalFault;
            String id = query.containsKey("secretId") ? query.get("secretId") : query.get("name");
            if (fault == null && id != null) {
                fault = faults.get(id);
            }
            if (fault != null) {
                send(exchange, fault.status(), fault.body().startsWith("{") ? "application/json" : "text/plain", fault.body());
                return;
            }
            switch (path) {
                case "/secretsmanager/get" -> secret(exchange, query);
                case "/systemsmanager/parameters/get", "/systemsmanager/parameters/get/" -> parameter(exchange, query);
                default -> send(exchange, 404, "text/plain", "Not found");
            }
        } catch (RuntimeException e) {
            // never let a bug in the stand-in hang the client: answer 500
            try {
                send(exchange, 500, "application/json", "{\"__type\":\"InternalFailure\"}");
            } catch (IOException | RuntimeException ignored) {
                // the exchange is already broken
            }
        }
    }

    private void secret(HttpExchange exchange, Map<String, String> query) throws IOException {
        String id = query.get("secretId");
        if (id == null || id.isEmpty()) {
            sendError(exchange, "InvalidParameterException", "secretId is required");
            return;
        }
        List<SecretsStore.SecretVersion> versions = store.secretVersions(id);
        if (versions == null) {
            sendError(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        String versionId = query.get("versionId");
        String stage = query.get("versionStage");
        String wantedStage = stage == null && versionId == null ? "AWSCURRENT" : stage;
        SecretsStore.SecretVersion found = null;
        synchronized (versions) {
            for (SecretsStore.SecretVersion v : versions) {
                if ((versionId == null || versionId.equals(v.versionId)) && (wantedStage == null || v.stages.contains(wantedStage))) {
                    found = v;
                }
            }
        }
        if (found == null) {
            sendError(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for "
                    + (versionId != null ? "VersionId" : "staging label") + ".");
            return;
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("ARN", "arn:aws:secretsmanager:" + region + ":" + ACCOUNT + ":secret:" + id + "-AbCdEf");
        body.put("Name", id);
        body.put("VersionId", found.versionId);
        if (found.binary != null) {
            body.put("SecretBinary", Base64.getEncoder().encodeToString(found.binary));
        } else {
            body.put("SecretString", found.text);
        }
        ArrayNode stages = body.putArray("VersionStages");
        found.stages.forEach(stages::add);
        body.put("CreatedDate", found.created);
        send(exchange, 200, "application/json", MAPPER.writeValueAsString(body));
    }

    private void parameter(HttpExchange exchange, Map<String, String> query) throws IOException {
        String name = query.get("name");
        if (name == null || name.isEmpty()) {
            sendError(exchange, "ValidationException", "name is required");
            return;
        }
        if (query.containsKey("label")) {
            sendError(exchange, "ValidationException", "LocalSecretsExtension does not support parameter labels");
            return;
        }
        List<SecretsStore.ParameterVersion> versions = store.parameterVersions(name);
        if (versions == null || versions.isEmpty()) {
            sendError(exchange, "ParameterNotFound", "Parameter not found.");
            return;
        }
        SecretsStore.ParameterVersion found;
        String version = query.get("version");
        if (version != null) {
            long wanted;
            try {
                wanted = Long.parseLong(version);
            } catch (NumberFormatException e) {
                sendError(exchange, "ValidationException", "version must be a number");
                return;
            }
            found = versions.stream().filter(v -> v.version() == wanted).findFirst().orElse(null);
            if (found == null) {
                sendError(exchange, "ParameterVersionNotFound", "Parameter version not found.");
                return;
            }
        } else {
            found = versions.get(versions.size() - 1);
        }
        boolean decrypt = "true".equalsIgnoreCase(query.get("withDecryption"));
        String value = "SecureString".equals(found.type()) && !decrypt ? ciphertext(found.value()) : found.value();
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode p = body.putObject("Parameter");
        p.put("ARN", "arn:aws:ssm:" + region + ":" + ACCOUNT + ":parameter" + (name.startsWith("/") ? "" : "/") + name);
        p.put("DataType", "text");
        p.put("LastModifiedDate", found.modified());
        p.put("Name", name);
        p.putNull("Selector");
        p.putNull("SourceResult");
        p.put("Type", found.type());
        p.put("Value", value);
        p.put("Version", found.version());
        body.putObject("ResultMetadata");
        send(exchange, 200, "application/json", MAPPER.writeValueAsString(body));
    }

    private static String ciphertext(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "AQICAH" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sendError(HttpExchange exchange, String type, String message) throws IOException {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", type);
        body.put("message", message);
        send(exchange, 400, "application/json", MAPPER.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
