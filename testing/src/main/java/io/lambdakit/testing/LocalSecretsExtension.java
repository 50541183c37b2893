package io.lambdakit.testing;

import io.lambdakit.core.Environment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the AWS Parameters and Secrets Lambda Extension: a real HTTP server on the
 * loopback interface that speaks the extension's protocol, for tests of code that reads secrets and
 * parameters through it (lambdakit-secrets, or any client of the extension).
 *
 * <pre>{@code
 * @RegisterExtension
 * static LocalSecretsExtension EXTENSION = LocalSecretsExtension.builder()
 *         .secret("prod/db", "{\"user\":\"app\",\"port\":5432}")
 *         .parameter("/orders/endpoint", "https://orders.internal")
 *         .start();                     // closed after all tests of the class
 *
 * Environment env = Environment.of(EXTENSION.environment());   // AWS_SESSION_TOKEN + PARAMETERS_SECRETS_EXTENSION_HTTP_PORT
 * }</pre>
 *
 * <p><b>Protocol</b> (as the extension and the AWS Secrets Manager Agent serve it):
 * <ul>
 * <li>{@code GET /secretsmanager/get?secretId=..[&versionId=..][&versionStage=..]} answers the
 *     Secrets Manager {@code GetSecretValue} JSON ({@code ARN, Name, VersionId, SecretString} or
 *     {@code SecretBinary} (base64), {@code VersionStages, CreatedDate}).</li>
 * <li>{@code GET /systemsmanager/parameters/get?name=..[&version=..][&withDecryption=true]} answers the
 *     SSM {@code GetParameter} JSON ({@code {"Parameter":{"Name","Type","Value","Version",...}}}); a
 *     SecureString read without {@code withDecryption=true} gets an opaque ciphertext, as from SSM.</li>
 * <li>Every request must carry {@code X-Aws-Parameters-Secrets-Token} equal to {@link #token()}: else
 *     HTTP 403. Unknown ids answer HTTP 400 with a JSON error ({@code {"__type":"ResourceNotFoundException"}}
 *     or {@code ParameterNotFound}); unknown paths 404; other methods 405.</li>
 * </ul>
 *
 * <p><b>Faults</b> for testing error handling: {@link #fail(String, int, String)} (one id),
 * {@link #failAll(int, String)}, {@link #delay(Duration)} (slow answers), {@link #notReady(int)} (the
 * extension still starting). {@link #requests()} records what was asked (never the token).
 *
 * <p><b>Values</b> come from the builder, from maps, or from a JSON file ({@link Builder#json(Path)}):
 * <pre>{@code
 * {
 *   "secrets":    { "prod/api-key": "text",
 *                   "prod/db": {"user": "app", "port": 5432},          (any other JSON: stored as its JSON text)
 *                   "prod/cert": {"SecretBinary": "AAECAw=="} },        (or {"SecretString": "..."})
 *   "parameters": { "/orders/endpoint": "https://orders.internal",
 *                   "/orders/key": {"Value": "k", "Type": "SecureString"} }
 * }
 * }</pre>
 * Values can be changed while it runs: {@link #putSecret(String, String)} rotates a secret (the old
 * version becomes {@code AWSPREVIOUS}), {@link #putParameter(String, String)} adds a version.
 * Thread-safe. Uses only the JDK's {@code com.sun.net.httpserver} and Jackson.
 */
public final class LocalSecretsExtension implements AutoCloseable, AfterAllCallback {

    /** The header the extension checks. */
    public static final String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";
    /** The extension's port variable. */
    public static final String PORT_VARIABLE = "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT";
    /** The token variable. */
    public static final String TOKEN_VARIABLE = Environment.AWS_SESSION_TOKEN;
    /** What the extension answers while it starts. */
    public static final String NOT_READY_BODY = "not ready to serve traffic, please wait";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One request as the stand-in saw it.
     *
     * @param method        HTTP method
     * @param path          request path
     * @param query         decoded query parameters
     * @param tokenAccepted whether the token header was present and right (the token itself is not recorded)
     */
    public record Request(String method, String path, Map<String, String> query, boolean tokenAccepted) {
        /** @return the secret id or parameter name asked for, or null */
        public String id() {
            String id = query.get("secretId");
            return id != null ? id : query.get("name");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final SecretsStore store = new SecretsStore();
    private final ExtensionProtocol protocol;

    private LocalSecretsExtension(Builder b) throws IOException {
        this.token = b.token;
        this.protocol = new ExtensionProtocol(store, b.token, b.region);
        b.secrets.forEach((id, v) -> store.addSecret(id, v.text, v.binary));
        b.parameters.forEach((name, v) -> store.addParameter(name, v.value, v.type));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-secrets-extension-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", protocol);
        server.start();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port it listens on (on the loopback address) */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the token requests must carry in {@value #TOKEN_HEADER} */
    public String token() {
        return token;
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + port());
    }

    /**
     * @return the variables a function needs to reach it: {@value #TOKEN_VARIABLE} (the token) and
     *         {@value #PORT_VARIABLE} (the port), to merge into a test environment or a LocalFunction's
     */
    public Map<String, String> environment() {
        return Map.of(TOKEN_VARIABLE, token, PORT_VARIABLE, Integer.toString(port()));
    }

    // ------------------------------------------------------------------ values

    /**
     * Stores a new version of a text secret: it becomes {@code AWSCURRENT}, the previous current one {@code AWSPREVIOUS}.
     *
     * @param id    the secret id
     * @param value the SecretString
     * @return the new VersionId
     */
    public String putSecret(String id, String value) {
        return store.addSecret(id, Objects.requireNonNull(value, "value"), null);
    }

    /**
     * Stores a new version of a binary secret.
     *
     * @param id    the secret id
     * @param value the SecretBinary
     * @return the new VersionId
     */
    public String putBinarySecret(String id, byte[] value) {
        return store.addSecret(id, null, Objects.requireNonNull(value, "value").clone());
    }

    /**
     * Stores a new version of a String parameter.
     *
     * @param name  the parameter name
     * @param value its value
     * @return the new version number
     */
    public long putParameter(String name, String value) {
        return store.addParameter(name, Objects.requireNonNull(value, "value"), "String");
    }

    /**
     * Stores a new version of a SecureString parameter.
     *
     * @param name  the parameter name
     * @param value its decrypted value
     * @return the new version number
     */
    public long putSecureParameter(String name, String value) {
        return store.addParameter(name, Objects.requireNonNull(value, "value"), "SecureString");
    }

    /** @param id the secret to delete (later reads answer ResourceNotFoundException) */
    public void removeSecret(String id) {
        store.removeSecret(id);
    }

    /** @param name the parameter to delete */
    public void removeParameter(String name) {
        store.removeParameter(name);
    }

    // ------------------------------------------------------------------ faults

    /**
     * Makes every request for one secret id or parameter name answer this, until {@link #clearFaults()}.
     *
     * @param idOrName the secret id or parameter name
     * @param status   the HTTP status
     * @param body     the body (text or JSON)
     */
    public void fail(String idOrName, int status, String body) {
        protocol.fail(idOrName, status, body);
    }

    /**
     * Makes every request answer this, until {@link #clearFaults()}.
     *
     * @param status the HTTP status
     * @param body   the body
     */
    public void failAll(int status, String body) {
        protocol.failAll(status, body);
    }

    /** @param delay how long each answer waits before it is sent (a slow extension); zero for none */
    public void delay(Duration delay) {
        protocol.delay(delay);
    }

    /** @param requests how many next requests answer HTTP 400 "{@value #NOT_READY_BODY}", as the extension does while it starts */
    public void notReady(int requests) {
        protocol.notReady(requests);
    }

    /** Removes every fault, delay and not-ready answer. */
    public void clearFaults() {
        protocol.clearFaults();
    }

    // ------------------------------------------------------------------ recording

    /** @return every request received so far, oldest first */
    public List<Request> requests() {
        return protocol.requests();
    }

    /** @return how many requests were received */
    public int requestCount() {
        return protocol.requestCount();
    }

    /**
     * @param idOrName a secret id or parameter name
     * @return how many requests asked for it
     */
    public int requestCount(String idOrName) {
        return protocol.requestCount(idOrName);
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        protocol.clearRequests();
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Closes it after the test class when registered with {@code @RegisterExtension} on a static field. */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Never shows values or the token. */
    @Override
    public String toString() {
        return "LocalSecretsExtension[" + endpoint() + ", " + store.secretCount() + " secrets, " + store.parameterCount() + " parameters]";
    }

    /** Builds and starts a {@link LocalSecretsExtension}. */
    public static final class Builder {
        private record SecretSeed(String text, byte[] binary) { }

        private record ParameterSeed(String value, String type) { }

        private int port;
        private String token = "local-" + UUID.randomUUID();
        private String region = "us-east-1";
        private final Map<String, SecretSeed> secrets = new LinkedHashMap<>();
        private final Map<String, ParameterSeed> parameters = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param port the port to listen on; 0 (default) picks a free one. Use 2773 only when nothing else may run there.
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 0..65535");
            }
            this.port = port;
            return this;
        }

        /**
         * @param token the token requests must carry (default: a random one)
         * @return this builder
         */
        public Builder token(String token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * @param region the region written into ARNs (default us-east-1)
         * @return this builder
         */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * @param id    a secret id
         * @param value its SecretString
         * @return this builder
         */
        public Builder secret(String id, String value) {
            secrets.put(Objects.requireNonNull(id, "id"), new SecretSeed(Objects.requireNonNull(value, "value"), null));
            return this;
        }

        /**
         * @param id    a secret id
         * @param value its SecretBinary
         * @return this builder
         */
        public Builder binarySecret(String id, byte[] value) {
            secrets.put(Objects.requireNonNull(id, "id"), new SecretSeed(null, Objects.requireNonNull(value, "value").clone()));
            return this;
        }

        /**
         * @param values secret ids to SecretStrings
         * @return this builder
         */
        public Builder secrets(Map<String, String> values) {
            values.forEach(this::secret);
            return this;
        }

        /**
         * @param name  a parameter name
         * @param value its value (type String)
         * @return this builder
         */
        public Builder parameter(String name, String value) {
            parameters.put(Objects.requireNonNull(name, "name"), new ParameterSeed(Objects.requireNonNull(value, "value"), "String"));
            return this;
        }

        /**
         * @param name  a parameter name
         * @param value its decrypted value (type SecureString)
         * @return this builder
         */
        public Builder secureParameter(String name, String value) {
            parameters.put(Objects.requireNonNull(name, "name"), new ParameterSeed(Objects.requireNonNull(value, "value"), "SecureString"));
            return this;
        }

        /**
         * @param values parameter names to values (type String)
         * @return this builder
         */
        public Builder parameters(Map<String, String> values) {
            values.forEach(this::parameter);
            return this;
        }

        /**
         * Loads secrets and parameters from a JSON file (format in the class comment).
         *
         * @param file the file
         * @return this builder
         * @throws UncheckedIOException when it cannot be read
         * @throws IllegalArgumentException when it is not in the expected format
         */
        public Builder json(Path file) {
            JsonNode root;
            try {
                root = MAPPER.readTree(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(file + " must hold a JSON object with \"secrets\" and/or \"parameters\"");
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("secrets") && !f.equals("parameters")) {
                    throw new IllegalArgumentException(file + ": unknown top-level field '" + f + "'; use \"secrets\" and \"parameters\"");
                }
            }
            JsonNode s = root.path("secrets");
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isTextual()) {
                    secret(e.getKey(), v.textValue());
                } else if (v.isObject() && v.size() == 1 && v.path("SecretString").isTextual()) {
                    secret(e.getKey(), v.get("SecretString").textValue());
                } else if (v.isObject() && v.size() == 1 && v.path("SecretBinary").isTextual()) {
                    try {
                        binarySecret(e.getKey(), Base64.getDecoder().decode(v.get("SecretBinary").textValue()));
                    } catch (IllegalArgumentException bad) {
                        throw new IllegalArgumentException(file + ": SecretBinary of secret '" + e.getKey() + "' is not base64");
                    }
                } else {
                    secret(e.getKey(), v.toString());
                }
            }
            JsonNode p = root.path("parameters");
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isTextual()) {
                    parameter(e.getKey(), v.textValue());
                } else if (v.isObject() && v.path("Value").isTextual() && descriptorOnly(v)) {
                    String type = v.path("Type").asText("String");
                    if (!List.of("String", "StringList", "SecureString").contains(type)) {
                        throw new IllegalArgumentException(file + ": Type of parameter '" + e.getKey() + "' must be String, "
                                + "StringList or SecureString");
                    }
                    parameters.put(e.getKey(), new ParameterSeed(v.get("Value").textValue(), type));
                } else {
                    parameter(e.getKey(), v.toString());
                }
            }
            return this;
        }

        private static boolean descriptorOnly(JsonNode v) {
            List<String> allowed = new ArrayList<>(List.of("Value", "Type"));
            for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                if (!allowed.contains(it.next())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * @return the running stand-in
         * @throws UncheckedIOException when the port cannot be bound
         */
        public LocalSecretsExtension start() {
            try {
                return new LocalSecretsExtension(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
            }
        }
    }
}
