package io.lambdakit.secrets.internal;

import io.lambdakit.core.Environment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Json;
import io.lambdakit.secrets.RawValue;
import io.lambdakit.secrets.SecretsException;
import io.lambdakit.secrets.SecretsException.Reason;
import io.lambdakit.secrets.spi.ParameterRequest;
import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.secrets.spi.PathRequest;
import io.lambdakit.secrets.spi.SecretRequest;
import io.lambdakit.secrets.spi.SecretSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The client of the AWS Parameters and Secrets Lambda Extension: {@code GET
 * http://localhost:<port>/secretsmanager/get?secretId=..[&versionId=..][&versionStage=..]} and
 * {@code GET /systemsmanager/parameters/get?name=..[&version=..][&label=..][&withDecryption=true]}, each
 * with the header {@code X-Aws-Parameters-Secrets-Token: $AWS_SESSION_TOKEN}. The extension answers
 * with the service's JSON ({@code GetSecretValue} / {@code GetParameter} output) or an error status.
 *
 * <p>Plain {@link HttpURLConnection}: no HTTP client library, no thread, a fresh loopback connection per
 * fetch (a fetch happens once per max age; no pooled socket survives a SnapStart restore). A
 * "not ready to serve traffic" answer (the extension starting) is retried a few times with a short backoff.
 */
final class ExtensionClient implements SecretSource, ParameterSource {

    /** The header the extension checks. */
    static final String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";
    /** Secrets endpoint. */
    static final String SECRETS_PATH = "/secretsmanager/get";
    /** Parameters endpoint. */
    static final String PARAMETERS_PATH = "/systemsmanager/parameters/get";

    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final long[] NOT_READY_BACKOFF_MILLIS = {50, 100, 200};

    /** How the client waits between not-ready retries; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        /**
         * @param millis how long
         * @throws InterruptedException when interrupted
         */
        void sleep(long millis) throws InterruptedException;
    }

    private final int port;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final String token;
    private final Sleeper sleeper;
    private final String description;

    /**
     * @param port           the extension's port (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, default 2773)
     * @param connectTimeout connect timeout
     * @param readTimeout    read timeout (the extension may call the service on a miss)
     * @param token          the session token, or null when AWS_SESSION_TOKEN is not set (each read then fails with TOKEN_MISSING)
     * @param sleeper        how to wait between not-ready retries
     */
    ExtensionClient(int port, Duration connectTimeout, Duration readTimeout, String token, Sleeper sleeper) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
        this.port = port;
        this.connectTimeoutMillis = millis(connectTimeout, "connectTimeout");
        this.readTimeoutMillis = millis(readTimeout, "readTimeout");
        this.token = token;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.description = "the Parameters and Secrets extension on localhost:" + port;
    }

    private static int millis(Duration d, String name) {
        long ms = d.toMillis();
        if (ms <= 0 || ms > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE + " ms");
        }
        return (int) ms;
    }

    /** The extension has no by-path endpoint: says how to read paths instead, naming the variables. */
    @Override
    public Map<String, RawValue> fetchByPath(PathRequest request) {
        throw new SecretsException(request.path(), SecretsException.Reason.UNSUPPORTED, -1,
                "Parameters under path '" + request.path() + "' cannot be read through " + describe()
                        + ": it serves single parameters only. Use the SDK provider (add software.amazon.awssdk:ssm and set "
                        + SecretsVariables.LAMBDAKIT_SECRETS_PROVIDER + "=sdk), or enable the fallback to the SDK (fallbackToSdk(true) or "
                        + SecretsVariables.LAMBDAKIT_SECRETS_FALLBACK_TO_SDK + "=true).", null);
    }

    @Override
    public String describe() {
        return description;
    }

    /** @return the port */
    public int port() {
        return port;
    }

    @Override
    public RawValue fetch(SecretRequest request) {
        StringBuilder query = new StringBuilder(SECRETS_PATH).append("?secretId=").append(encode(request.secretId()));
        if (request.versionId() != null) {
            query.append("&versionId=").append(encode(request.versionId()));
        }
        if (request.versionStage() != null) {
            query.append("&versionStage=").append(encode(request.versionStage()));
        }
        String id = request.secretId();
        JsonNode root = getJson(RawKey.Kind.SECRET, id, query.toString());
        String version = text(root.get("VersionId"));
        JsonNode string = root.get("SecretString");
        if (string != null && string.isTextual()) {
            return RawValue.ofText(string.textValue(), version);
        }
        JsonNode binary = root.get("SecretBinary");
        if (binary != null && binary.isTextual()) {
            try {
                return RawValue.ofBinary(Base64.getDecoder().decode(binary.textValue()), version);
            } catch (IllegalArgumentException e) {
                throw malformed(RawKey.Kind.SECRET, id, 200, "a SecretBinary that is not base64");
            }
        }
        throw malformed(RawKey.Kind.SECRET, id, 200, "JSON with neither SecretString nor SecretBinary");
    }

    @Override
    public RawValue fetch(ParameterRequest request) {
        StringBuilder query = new StringBuilder(PARAMETERS_PATH).append("?name=").append(encode(request.name()));
        if (request.version() != null) {
            query.append("&version=").append(request.version());
        }
        if (request.label() != null) {
            query.append("&label=").append(encode(request.label()));
        }
        if (request.withDecryption()) {
            query.append("&withDecryption=true");
        }
        String id = request.name();
        JsonNode root = getJson(RawKey.Kind.PARAMETER, id, query.toString());
        JsonNode parameter = root.get("Parameter");
        JsonNode value = parameter == null ? null : parameter.get("Value");
        if (value == null || !value.isTextual()) {
            throw malformed(RawKey.Kind.PARAMETER, id, 200, "JSON without Parameter.Value");
        }
        JsonNode version = parameter.get("Version");
        return RawValue.ofText(value.textValue(), version == null || version.isNull() ? null : version.asText());
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode getJson(RawKey.Kind kind, String id, String pathAndQuery) {
        if (token == null) {
            throw Failures.create(Reason.TOKEN_MISSING, id, -1, "The " + Failures.noun(kind) + " '" + id + "' cannot be read "
                    + "through " + description + ": " + Environment.AWS_SESSION_TOKEN + " is not set, and the extension requires it in the "
                    + TOKEN_HEADER + " header. Lambda always sets it; in local tests set it to your local extension's token "
                    + "(LocalSecretsExtension.environment()), or use the SDK provider (" + SecretsVariables.LAMBDAKIT_SECRETS_PROVIDER + "=sdk).", null);
        }
        Response response = null;
        for (int attempt = 0; ; attempt++) {
            response = send(kind, id, pathAndQuery);
            if (!response.notReady() || attempt >= NOT_READY_BACKOFF_MILLIS.length) {
                break;
            }
            try {
                sleeper.sleep(NOT_READY_BACKOFF_MILLIS[attempt]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (response.status == 200) {
            try {
                JsonNode root = Json.mapper().readTree(response.body);
                if (root == null || !root.isObject()) {
                    throw malformed(kind, id, 200, "a JSON object");
                }
                return root;
            } catch (JsonProcessingException e) {
                // the parser's message quotes the body, which may hold the value: not attached
                throw malformed(kind, id, 200, "JSON");
            } catch (IOException e) {
                throw malformed(kind, id, 200, "JSON");
            }
        }
        throw failure(kind, id, response);
    }

    private SecretsException failure(RawKey.Kind kind, String id, Response response) {
        int status = response.status;
        String code = Failures.errorCode(response.body);
        if (response.notReady()) {
            return Failures.create(Reason.NOT_READY, id, status, description + " was not ready to serve the "
                    + Failures.noun(kind) + " '" + id + "' (HTTP " + status + ") after " + (NOT_READY_BACKOFF_MILLIS.length + 1)
                    + " attempts. It starts with the function: read the value in the handler rather than early in init, "
                    + "or enable the fallback to the SDK (fallbackToSdk(true)).", null);
        }
        Reason reason;
        if (status == 401 || status == 403) {
            reason = code != null && Failures.classify(code, status) == Reason.ACCESS_DENIED ? Reason.ACCESS_DENIED : Reason.TOKEN_REJECTED;
        } else if (status == 404) {
            reason = Reason.NOT_FOUND;
        } else if (status == 504) {
            reason = Reason.TIMEOUT;
        } else {
            reason = Failures.classify(code, status);
        }
        if (reason == Reason.NOT_FOUND && code == null) {
            return Failures.create(Reason.NOT_FOUND, id, status, "The " + Failures.noun(kind) + " '" + id + "' was not found by "
                    + description + " (HTTP 404): check the name, the region, and that " + SecretsVariables.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT + " ("
                    + port + ") is the extension's port and not another server's.", null);
        }
        return Failures.reported(reason, kind, id, description, status, code, null);
    }

    private SecretsException malformed(RawKey.Kind kind, String id, int status, String expected) {
        return Failures.create(Reason.MALFORMED_RESPONSE, id, status, description + " answered HTTP " + status + " for the "
                + Failures.noun(kind) + " '" + id + "' with a body that is not " + expected + ": check that port " + port
                + " (" + SecretsVariables.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT + ") is the AWS Parameters and Secrets Lambda Extension's.", null);
    }

    private Response send(RawKey.Kind kind, String id, String pathAndQuery) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create("http://localhost:" + port + pathAndQuery).toURL().openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            connection.setRequestProperty(TOKEN_HEADER, token);
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] body = in == null ? new byte[0] : read(in);
            if (body == null) {
                throw malformed(kind, id, status, "at most " + MAX_BODY_BYTES + " bytes long");
            }
            return new Response(status, body);
        } catch (ConnectException e) {
            throw Failures.create(Reason.CONNECTION_REFUSED, id, -1, "Nothing listens on localhost:" + port + ", so the "
                    + Failures.noun(kind) + " '" + id + "' cannot be read through the AWS Parameters and Secrets Lambda Extension: "
                    + "add the extension's layer to the function (see docs/secrets.md), set " + SecretsVariables.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT + " "
                    + "if it listens on another port, or use the SDK (" + SecretsVariables.LAMBDAKIT_SECRETS_PROVIDER + "=sdk, or fallbackToSdk(true)).", e);
        } catch (SocketTimeoutException e) {
            throw Failures.create(Reason.TIMEOUT, id, -1, description + " did not answer for the " + Failures.noun(kind) + " '" + id
                    + "' within the timeouts (connect " + connectTimeoutMillis + " ms, read " + readTimeoutMillis + " ms): raise "
                    + "extensionTimeouts(..) or " + SecretsVariables.LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MS + ", check the extension's "
                    + "SECRETS_MANAGER_TIMEOUT_MILLIS / SSM_PARAMETER_STORE_TIMEOUT_MILLIS, or enable staleOnError(..).", e);
        } catch (IOException e) {
            throw Failures.create(Reason.CONNECTION_FAILED, id, -1, "The connection to " + description + " failed while reading the "
                    + Failures.noun(kind) + " '" + id + "' (" + e.getClass().getSimpleName() + "); retry, or enable staleOnError(..).", e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > MAX_BODY_BYTES) {
                    return null;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private record Response(int status, byte[] body) {
        boolean notReady() {
            if (status == 503) {
                return true;
            }
            if (status != 400 || body.length == 0 || body.length > 512) {
                return false;
            }
            return new String(body, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("not ready");
        }
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "ExtensionClient[localhost:" + port + ", token " + (token == null ? "missing" : "set") + "]";
    }
}
