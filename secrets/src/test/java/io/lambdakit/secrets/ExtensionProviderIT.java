package io.lambdakit.secrets;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.testing.LocalSecretsExtension;
import io.lambdakit.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Secrets and Parameters through the extension protocol, against a real HTTP server on loopback. */
class ExtensionProviderIT {

    public record DbConfig(String user, int port) { }

    /** A value that must never show up in a message or stack trace. */
    private final String secretValue = "hunter2-" + UUID.randomUUID();
    private final LocalSecretsExtension extension = LocalSecretsExtension.builder()
            .secret("prod/db", "{\"user\":\"app\",\"port\":5432}")
            .secret("prod/api-key", secretValue)
            .binarySecret("prod/cert", new byte[] {0, 1, 2, (byte) 255})
            .parameter("/orders/endpoint", "https://orders.internal")
            .secureParameter("/orders/key", secretValue)
            .start();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final Lifecycle lifecycle = Lifecycle.create();

    @AfterEach
    void stop() {
        extension.close();
    }

    private ExecutionEnvironment environment(Map<String, String> vars) {
        return ExecutionEnvironment.builder().environment(Environment.of(vars)).clock(clock).lifecycle(lifecycle).build();
    }

    private Secrets.Builder secretsBuilder(Map<String, String> vars) {
        return Secrets.builder().provider(ProviderKind.EXTENSION).executionEnvironment(environment(vars));
    }

    private Secrets secrets() {
        return secretsBuilder(extension.environment()).build();
    }

    private Parameters parameters() {
        return Parameters.builder().provider(ProviderKind.EXTENSION).executionEnvironment(environment(extension.environment())).build();
    }

    private void assertNoLeak(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(secretValue).doesNotContain(extension.token());
    }

    // ---------------------------------------------------------------- reads

    @Test
    void get_readsSecretString_withTheTokenHeader() {
        String value = secrets().get("prod/api-key");

        assertThat(value).isEqualTo(secretValue);
        assertThat(extension.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/secretsmanager/get");
            assertThat(r.query()).isEqualTo(Map.of("secretId", "prod/api-key"));
            assertThat(r.tokenAccepted()).isTrue();
        });
    }

    @Test
    void get_bindsJson_andReadsBinary() {
        Secrets secrets = secrets();

        assertThat(secrets.get("prod/db", DbConfig.class)).isEqualTo(new DbConfig("app", 5432));
        assertThat(secrets.getBinary("prod/cert")).containsExactly(0, 1, 2, 255);
    }

    @Test
    void idWithReservedCharacters_isEncoded() {
        String id = "arn:aws:secretsmanager:us-east-1:123456789012:secret:a/b c&d=e+f";
        extension.putSecret(id, "v");

        assertThat(secrets().get(id)).isEqualTo("v");
        assertThat(extension.requests()).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo(id));
    }

    @Test
    void rotation_previousStageAndVersionId_areReadable() {
        Secrets secrets = secrets();
        String oldValue = secrets.get("prod/api-key");
        String newVersion = extension.putSecret("prod/api-key", "rotated");

        String current = secrets.query("prod/api-key").forceFetch().get();
        String previous = secrets.query("prod/api-key").versionStage("AWSPREVIOUS").get();
        String byId = secrets.query("prod/api-key").versionId(newVersion).get();

        assertThat(current).isEqualTo("rotated");
        assertThat(previous).isEqualTo(oldValue);
        assertThat(byId).isEqualTo("rotated");
        assertThat(extension.requests()).extracting(LocalSecretsExtension.Request::query)
                .contains(Map.of("secretId", "prod/api-key", "versionStage", "AWSPREVIOUS"),
                        Map.of("secretId", "prod/api-key", "versionId", newVersion));
    }

    @Test
    void cache_servesWithinMaxAge_andFetchesAfter() {
        Secrets secrets = secrets();
        secrets.get("prod/api-key");
        extension.putSecret("prod/api-key", "rotated");

        String cached = secrets.get("prod/api-key");
        clock.advance(Duration.ofSeconds(5));
        String fresh = secrets.get("prod/api-key");

        assertThat(cached).isEqualTo(secretValue);
        assertThat(fresh).isEqualTo("rotated");
        assertThat(extension.requestCount("prod/api-key")).isEqualTo(2);
    }

    @Test
    void snapStartRestore_dropsTheCache() {
        Secrets secrets = secrets();
        secrets.get("prod/api-key");
        extension.putSecret("prod/api-key", "rotated-while-snapshotted");

        lifecycle.afterRestore();

        assertThat(secrets.get("prod/api-key")).isEqualTo("rotated-while-snapshotted");
    }

    @Test
    void parameters_plainSecureAndVersioned() {
        Parameters parameters = parameters();
        long v2 = extension.putParameter("/orders/endpoint", "https://orders-v2.internal");

        assertThat(parameters.get("/orders/endpoint")).isEqualTo("https://orders-v2.internal");
        assertThat(parameters.query("/orders/endpoint").version(1).get()).isEqualTo("https://orders.internal");
        assertThat(parameters.query("/orders/key").withDecryption().get()).isEqualTo(secretValue);
        assertThat(parameters.get("/orders/key")).as("SecureString without decryption").isNotEqualTo(secretValue);
        assertThat(v2).isEqualTo(2);
        assertThat(extension.requests()).extracting(LocalSecretsExtension.Request::query)
                .contains(Map.of("name", "/orders/endpoint", "version", "1"),
                        Map.of("name", "/orders/key", "withDecryption", "true"),
                        Map.of("name", "/orders/key"));
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void thirtyTwoThreadsReadingOneExpiredSecret_causeExactlyOneRequestPerExpiry() throws Exception {
        Secrets secrets = secrets();
        extension.delay(Duration.ofMillis(150));
        int threads = 32;
        int rounds = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 1; round <= rounds; round++) {
                String expected = extension.putSecret("prod/db", "{\"user\":\"u" + round + "\",\"port\":1}").isEmpty() ? null : "u" + round;
                clock.advance(Duration.ofSeconds(5));
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<DbConfig>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return secrets.get("prod/db", DbConfig.class);
                    }));
                }
                for (Future<DbConfig> f : results) {
                    assertThat(f.get(10, TimeUnit.SECONDS).user()).isEqualTo(expected);
                }
                assertThat(extension.requestCount("prod/db")).as("requests after round %d", round).isEqualTo(round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- faults

    @Test
    void extensionNotRunning_connectionRefused_isUnavailableAndSaysWhatToDo() {
        Secrets secrets = secrets();
        extension.close();

        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class, () -> secrets.get("prod/api-key"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.CONNECTION_REFUSED);
        assertThat(e.id()).isEqualTo("prod/api-key");
        assertThat(e).hasMessageContaining("'prod/api-key'").hasMessageContaining("localhost:" + extension.port())
                .hasMessageContaining("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT").hasMessageContaining("layer");
        assertNoLeak(e);
    }

    @Test
    void slowExtension_timesOut() {
        Secrets secrets = secretsBuilder(extension.environment())
                .extensionTimeouts(Duration.ofMillis(500), Duration.ofMillis(150)).build();
        extension.delay(Duration.ofMillis(1_500));

        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class, () -> secrets.get("prod/api-key"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.TIMEOUT);
        assertThat(e).hasMessageContaining("'prod/api-key'").hasMessageContaining("read 150 ms")
                .hasMessageContaining("LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MS");
        assertNoLeak(e);
    }

    @Test
    void unknownSecret_400ResourceNotFound_isNotFound() {
        SecretNotFoundException e = catchThrowableOfType(SecretNotFoundException.class, () -> secrets().get("prod/missing"));

        assertThat(e.httpStatus()).hasValue(400);
        assertThat(e).hasMessageContaining("'prod/missing'").hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("region");
    }

    @Test
    void accessDenied_400_namesTheIamAction() {
        extension.fail("prod/api-key", 400, "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized\"}");

        SecretsException e = catchThrowableOfType(SecretsException.class, () -> secrets().get("prod/api-key"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.ACCESS_DENIED);
        assertThat(e).hasMessageContaining("secretsmanager:GetSecretValue").hasMessageContaining("'prod/api-key'");
        assertNoLeak(e);
    }

    @Test
    void wrongToken_403_isTokenRejected() {
        Map<String, String> vars = new HashMap<>(extension.environment());
        vars.put("AWS_SESSION_TOKEN", "someone-elses-token");

        SecretsException e = catchThrowableOfType(SecretsException.class, () -> secretsBuilder(vars).build().get("prod/api-key"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.TOKEN_REJECTED);
        assertThat(e.httpStatus()).hasValue(403);
        assertThat(e).hasMessageContaining("X-Aws-Parameters-Secrets-Token").hasMessageContaining("AWS_SESSION_TOKEN")
                .hasMessageNotContaining("someone-elses-token");
        assertThat(extension.requests()).singleElement().satisfies(r -> assertThat(r.tokenAccepted()).isFalse());
    }

    @Test
    void missingSessionToken_failsTyped_withoutARequest() {
        Map<String, String> vars = new HashMap<>(extension.environment());
        vars.remove("AWS_SESSION_TOKEN");

        SecretsException e = catchThrowableOfType(SecretsException.class, () -> secretsBuilder(vars).build().get("prod/api-key"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.TOKEN_MISSING);
        assertThat(e).hasMessageContaining("'prod/api-key'").hasMessageContaining("AWS_SESSION_TOKEN is not set");
        assertThat(extension.requestCount()).isZero();
    }

    @Test
    void http404_isNotFound_andPointsAtThePort() {
        extension.fail("prod/api-key", 404, "Not found");

        SecretNotFoundException e = catchThrowableOfType(SecretNotFoundException.class, () -> secrets().get("prod/api-key"));

        assertThat(e.httpStatus()).hasValue(404);
        assertThat(e).hasMessageContaining("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT");
    }

    @Test
    void http500_isUnavailable() {
        extension.fail("prod/api-key", 500, "{\"__type\":\"InternalFailure\"}");

        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class, () -> secrets().get("prod/api-key"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.SERVICE_ERROR);
        assertThat(e.httpStatus()).hasValue(500);
        assertThat(e).hasMessageContaining("InternalFailure").hasMessageContaining("staleOnError");
    }

    @Test
    void http429_isThrottled() {
        extension.fail("prod/api-key", 429, "Connection limit exceeded");

        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class, () -> secrets().get("prod/api-key"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.THROTTLED);
    }

    @Test
    void malformedJson_isMalformedResponse_andNeverQuotesTheBody() {
        extension.fail("prod/api-key", 200, "SecretString=" + secretValue);

        SecretsException e = catchThrowableOfType(SecretsException.class, () -> secrets().get("prod/api-key"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.MALFORMED_RESPONSE);
        assertThat(e).hasMessageContaining("'prod/api-key'").hasMessageContaining("not JSON");
        assertNoLeak(e);
    }

    @Test
    void jsonWithoutValue_isMalformedResponse() {
        extension.fail("prod/api-key", 200, "{\"Name\":\"prod/api-key\"}");

        SecretsException e = catchThrowableOfType(SecretsException.class, () -> secrets().get("prod/api-key"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.MALFORMED_RESPONSE);
        assertThat(e).hasMessageContaining("neither SecretString nor SecretBinary");
    }

    @Test
    void jsonToMismatchedType_isTransformationFailure_withoutTheValue() {
        extension.putSecret("prod/db", "{\"user\":\"app\",\"port\":\"" + secretValue + "\"}");

        SecretTransformationException e = catchThrowableOfType(SecretTransformationException.class,
                () -> secrets().get("prod/db", DbConfig.class));

        assertThat(e).hasMessageContaining("'prod/db'").hasMessageContaining(DbConfig.class.getName()).hasMessageContaining("$.port");
        assertNoLeak(e);
    }

    @Test
    void notReady_isRetried_thenServed() {
        extension.notReady(2);

        String value = secrets().get("prod/api-key");

        assertThat(value).isEqualTo(secretValue);
        assertThat(extension.requestCount("prod/api-key")).isEqualTo(3);
    }

    @Test
    void notReadyForLong_isUnavailable() {
        extension.notReady(100);

        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class, () -> secrets().get("prod/api-key"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.NOT_READY);
        assertThat(extension.requestCount("prod/api-key")).isEqualTo(4);
    }

    @Test
    void parameterFaults_nameTheParameterAndItsIamAction() {
        extension.fail("/orders/key", 400, "operation error SSM: GetParameter, https response error StatusCode: 400, "
                + "AccessDeniedException: not authorized to perform ssm:GetParameter");
        Parameters parameters = parameters();

        SecretNotFoundException missing = catchThrowableOfType(SecretNotFoundException.class, () -> parameters.get("/orders/none"));
        SecretsException denied = catchThrowableOfType(SecretsException.class, () -> parameters.query("/orders/key").withDecryption().get());

        assertThat(missing).hasMessageContaining("parameter '/orders/none'").hasMessageContaining("ParameterNotFound");
        assertThat(denied.reason()).isEqualTo(SecretsException.Reason.ACCESS_DENIED);
        assertThat(denied).hasMessageContaining("ssm:GetParameter").hasMessageContaining("kms:Decrypt");
    }

    @Test
    void getByPath_throughTheExtension_isUnsupported_withTheFix() {
        SecretsException e = catchThrowableOfType(SecretsException.class, () -> parameters().getByPath("/orders"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.UNSUPPORTED);
        assertThat(e).hasMessageContaining("'/orders'").hasMessageContaining("LAMBDAKIT_SECRETS_FALLBACK_TO_SDK");
    }

    // ---------------------------------------------------------------- stale-on-error

    @Test
    void staleOnError_servesThePreviousValue_whileTheExtensionFails_untilMaxStaleness() {
        Secrets secrets = secretsBuilder(extension.environment()).staleOnError(Duration.ofMinutes(1)).build();
        secrets.get("prod/api-key");
        extension.failAll(500, "{\"__type\":\"InternalFailure\"}");

        clock.advance(Duration.ofSeconds(30));
        String stale = secrets.get("prod/api-key");
        clock.advance(Duration.ofSeconds(36));

        assertThat(stale).isEqualTo(secretValue);
        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class, () -> secrets.get("prod/api-key"));
        assertThat(e.reason()).isEqualTo(SecretsException.Reason.SERVICE_ERROR);
    }

    @Test
    void binaryValueBytes_arriveIntact() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        extension.putBinarySecret("blob", all);
        extension.putSecret("text", "pässwörd ✓");
        Secrets secrets = secrets();

        assertThat(secrets.getBinary("blob")).isEqualTo(all);
        assertThat(secrets.getBinary("text")).isEqualTo("pässwörd ✓".getBytes(StandardCharsets.UTF_8));
    }
}
