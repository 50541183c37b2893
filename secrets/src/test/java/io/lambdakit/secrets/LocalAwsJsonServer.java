package io.lambdakit.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback server answering the AWS JSON 1.1 protocol of Secrets Manager ({@code GetSecretValue})
 * and SSM ({@code GetParameter}, {@code GetParametersByPath}, paged by two) to the real SDK clients.
 * Records each call (target and JSON body) and injects service errors per id.
 */
public final class LocalAwsJsonServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public record Call(String target, JsonNode body) { }

    private record Error(int status, String type) { }

    private record Secret(String versionId, String text, byte[] binary, List<String> stages) { }

    private record Param(String value, String type, long version) { }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-aws-json");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, List<Secret>> secrets = new ConcurrentHashMap<>();
    private final Map<String, List<Param>> params = new ConcurrentHashMap<>();
    private final Map<String, Error> errors = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    public LocalAwsJsonServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public LocalAwsJsonServer secret(String id, String versionId, String text, String... stages) {
        secrets.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(new Secret(versionId, text, null, List.of(stages)));
        return this;
    }

    public LocalAwsJsonServer binarySecret(String id, byte[] bytes) {
        secrets.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(new Secret("v-bin", null, bytes, List.of("AWSCURRENT")));
        return this;
    }

    public LocalAwsJsonServer parameter(String name, String value, String type) {
        List<Param> versions = params.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
        versions.add(new Param(value, type, versions.size() + 1L));
        return this;
    }

    /** Every call for this id (SecretId, Name or Path) answers this service error. */
    public void fail(String id, int status, String errorType) {
        errors.put(id, new Error(status, errorType));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public SecretsManagerClient secretsManagerClient() {
        return SecretsManagerClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    public SsmClient ssmClient() {
        return SsmClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode body = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            calls.add(new Call(target, body));
            String id = body.path("SecretId").asText(body.path("Name").asText(body.path("Path").asText(null)));
            if (id != null && id.contains(":") && !id.startsWith("arn:")) {
                id = id.substring(0, id.lastIndexOf(':'));
            }
            Error error = id == null ? null : errors.get(id);
            if (error != null) {
                send(exchange, error.status(), "{\"__type\":\"" + error.type() + "\",\"message\":\"injected " + error.type() + "\"}");
                return;
            }
            switch (String.valueOf(target)) {
                case "secretsmanager.GetSecretValue" -> getSecretValue(exchange, body);
                case "AmazonSSM.GetParameter" -> getParameter(exchange, body);
                case "AmazonSSM.GetParametersByPath" -> getParametersByPath(exchange, body);
                default -> send(exchange, 400, "{\"__type\":\"UnknownOperationException\"}");
            }
        }
    }

    private void getSecretValue(HttpExchange exchange, JsonNode body) throws IOException {
        String id = body.get("SecretId").asText();
        String versionId = body.path("VersionId").asText(null);
        String stage = body.path("VersionStage").asText(versionId == null ? "AWSCURRENT" : null);
        Secret found = null;
        for (Secret s : secrets.getOrDefault(id, List.of())) {
            if ((versionId == null || versionId.equals(s.versionId())) && (stage == null || s.stages().contains(stage))) {
                found = s;
            }
        }
        if (found == null) {
            send(exchange, 400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}");
            return;
        }
        ObjectNode out = MAPPER.createObjectNode();
        out.put("ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + id + "-AbCdEf");
        out.put("Name", id);
        out.put("VersionId", found.versionId());
        if (found.binary() != null) {
            out.put("SecretBinary", Base64.getEncoder().encodeToString(found.binary()));
        } else {
            out.put("SecretString", found.text());
        }
        ArrayNode stages = out.putArray("VersionStages");
        found.stages().forEach(stages::add);
        out.put("CreatedDate", 1.7e9);
        send(exchange, 200, MAPPER.writeValueAsString(out));
    }

    private ObjectNode parameterNode(String name, Param p, boolean decrypt) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("Name", name);
        n.put("Type", p.type());
        n.put("Value", p.type().equals("SecureString") && !decrypt ? "AQICAHencrypted" : p.value());
        n.put("Version", p.version());
        n.put("ARN", "arn:aws:ssm:us-east-1:123456789012:parameter" + name);
        n.put("DataType", "text");
        return n;
    }

    private void getParameter(HttpExchange exchange, JsonNode body) throws IOException {
        String name = body.get("Name").asText();
        Long version = null;
        int colon = name.lastIndexOf(':');
        if (colon > 0 && !name.startsWith("arn:")) {
            version = Long.parseLong(name.substring(colon + 1));
            name = name.substring(0, colon);
        }
        List<Param> versions = params.get(name);
        if (versions == null) {
            send(exchange, 400, "{\"__type\":\"ParameterNotFound\",\"message\":\"\"}");
            return;
        }
        Param p = versions.get(versions.size() - 1);
        if (version != null) {
            long v = version;
            p = versions.stream().filter(x -> x.version() == v).findFirst().orElse(null);
            if (p == null) {
                send(exchange, 400, "{\"__type\":\"ParameterVersionNotFound\",\"message\":\"\"}");
                return;
            }
        }
        ObjectNode out = MAPPER.createObjectNode();
        out.set("Parameter", parameterNode(name, p, body.path("WithDecryption").asBoolean(false)));
        send(exchange, 200, MAPPER.writeValueAsString(out));
    }

    private void getParametersByPath(HttpExchange exchange, JsonNode body) throws IOException {
        String path = body.get("Path").asText();
        String prefix = path.endsWith("/") ? path : path + "/";
        boolean recursive = body.path("Recursive").asBoolean(false);
        boolean decrypt = body.path("WithDecryption").asBoolean(false);
        TreeMap<String, Param> matching = new TreeMap<>();
        params.forEach((name, versions) -> {
            if (name.startsWith(prefix) && (recursive || name.indexOf('/', prefix.length()) < 0)) {
                matching.put(name, versions.get(versions.size() - 1));
            }
        });
        List<String> names = new ArrayList<>(matching.keySet());
        int start = body.hasNonNull("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
        int end = Math.min(names.size(), start + 2);
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode list = out.putArray("Parameters");
        for (String name : names.subList(start, end)) {
            list.add(parameterNode(name, matching.get(name), decrypt));
        }
        if (end < names.size()) {
            out.put("NextToken", Integer.toString(end));
        }
        send(exchange, 200, MAPPER.writeValueAsString(out));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "local-request");
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
