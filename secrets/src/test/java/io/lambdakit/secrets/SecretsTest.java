package io.lambdakit.secrets;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.secrets.spi.ParameterRequest;
import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.secrets.spi.SecretRequest;
import io.lambdakit.secrets.spi.SecretSource;
import io.lambdakit.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The facades over an in-memory source: caching semantics, keys, restore hook. Wire protocols are tested in the ITs. */
class SecretsTest {

    /** An in-memory store that records what was fetched. */
    static final class MemorySource implements SecretSource, ParameterSource {
        final Map<String, RawValue> values = new ConcurrentHashMap<>();
        final List<Object> requests = new CopyOnWriteArrayList<>();

        @Override
        public RawValue fetch(SecretRequest request) {
            requests.add(request);
            return values.get(request.secretId());
        }

        @Override
        public RawValue fetch(ParameterRequest request) {
            requests.add(request);
            return RawValue.ofText((request.withDecryption() ? "plain:" : "cipher:") + values.get(request.name()).text().orElseThrow(), "1");
        }

        @Override
        public String describe() {
            return "memory";
        }
    }

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final Lifecycle lifecycle = Lifecycle.create();
    private final ExecutionEnvironment environment = ExecutionEnvironment.builder()
            .environment(Environment.of(Map.of())).clock(clock).lifecycle(lifecycle).build();
    private final MemorySource source = new MemorySource();

    private Secrets secrets() {
        return Secrets.builder().source(source).executionEnvironment(environment).build();
    }

    @Test
    void textThenJsonOfOneSecret_bothWork_withOneFetch() {
        source.values.put("db", RawValue.ofText("{\"user\":\"app\"}", "v1"));
        Secrets secrets = secrets();

        String text = secrets.get("db");
        Map<String, Object> map = secrets.get("db", Transformation.jsonMap());
        String textAgain = secrets.get("db");

        assertThat(text).isEqualTo("{\"user\":\"app\"}");
        assertThat(map).containsEntry("user", "app");
        assertThat(textAgain).isEqualTo(text);
        assertThat(source.requests).hasSize(1);
    }

    @Test
    void defaultMaxAge_isFiveSeconds() {
        source.values.put("db", RawValue.ofText("v1", null));
        Secrets secrets = secrets();
        secrets.get("db");

        clock.advance(Duration.ofMillis(4_999));
        secrets.get("db");
        clock.advance(Duration.ofMillis(1));
        secrets.get("db");

        assertThat(secrets.maxAge()).isEqualTo(Duration.ofSeconds(5));
        assertThat(source.requests).hasSize(2);
    }

    @Test
    void snapStartRestore_dropsCachedSecrets_soRotatedValuesAreRead() {
        source.values.put("db", RawValue.ofText("before-snapshot", null));
        Secrets secrets = secrets();
        CachedValue<String> handle = secrets.cached("db");
        assertThat(handle.get()).isEqualTo("before-snapshot");
        source.values.put("db", RawValue.ofText("rotated", null));

        List<Lifecycle.HookRun> runs = lifecycle.afterRestore();

        assertThat(runs).extracting(Lifecycle.HookRun::name).contains("lambdakit-secrets: drop cached secrets");
        assertThat(handle.get()).isEqualTo("rotated");
        assertThat(secrets.get("db")).isEqualTo("rotated");
    }

    @Test
    void versionStages_areCachedSeparately_andSentToTheSource() {
        source.values.put("db", RawValue.ofText("x", null));
        Secrets secrets = secrets();

        secrets.get("db");
        secrets.query("db").versionStage("AWSPREVIOUS").get();
        secrets.query("db").versionId("v-7").get();
        secrets.query("db").versionStage("AWSPREVIOUS").get();

        assertThat(source.requests).containsExactly(new SecretRequest("db", null, null),
                new SecretRequest("db", null, "AWSPREVIOUS"), new SecretRequest("db", "v-7", null));
    }

    @Test
    void queryMaxAge_andForceFetch_applyToThatReadOnly() {
        source.values.put("db", RawValue.ofText("x", null));
        Secrets secrets = secrets();
        secrets.get("db");
        clock.advance(Duration.ofSeconds(2));

        secrets.query("db").maxAge(Duration.ofSeconds(10)).get();
        int afterLongerMaxAge = source.requests.size();
        secrets.query("db").maxAge(Duration.ofSeconds(1)).get();
        int afterShorterMaxAge = source.requests.size();
        secrets.query("db").forceFetch().get();

        assertThat(afterLongerMaxAge).isEqualTo(1);
        assertThat(afterShorterMaxAge).isEqualTo(2);
        assertThat(source.requests).hasSize(3);
    }

    @Test
    void binary_isCopiedForEachCaller() {
        source.values.put("cert", RawValue.ofBinary(new byte[] {1, 2, 3}, null));
        Secrets secrets = secrets();

        byte[] first = secrets.getBinary("cert");
        first[0] = 9;
        byte[] second = secrets.getBinary("cert");

        assertThat(second).containsExactly(1, 2, 3);
        assertThat(source.requests).hasSize(1);
    }

    @Test
    void invalidate_makesTheNextReadFetch() {
        source.values.put("db", RawValue.ofText("x", null));
        Secrets secrets = secrets();
        secrets.get("db");

        secrets.invalidate("db");
        secrets.get("db");

        assertThat(source.requests).hasSize(2);
    }

    @Test
    void cachedHandle_refresh_fetches_andInvalidateDrops() {
        source.values.put("db", RawValue.ofText("x", null));
        CachedValue<String> handle = secrets().cached("db");
        handle.get();
        handle.get();

        handle.refresh();
        handle.invalidate();
        handle.get();

        assertThat(source.requests).hasSize(3);
        assertThat(handle.toString()).contains("secret 'db'").doesNotContain("x]");
    }

    @Test
    void toStrings_neverShowValues() {
        source.values.put("db", RawValue.ofText("hunter2", null));
        Secrets secrets = secrets();
        CachedValue<String> handle = secrets.cached("db");
        handle.get();

        assertThat(secrets.toString()).doesNotContain("hunter2").contains("memory");
        assertThat(handle.toString()).doesNotContain("hunter2");
    }

    @Test
    void parameters_decryptionFlag_isPartOfTheKey() {
        source.values.put("/key", RawValue.ofText("k", null));
        Parameters parameters = Parameters.builder().source(source).executionEnvironment(environment).build();

        String plain = parameters.get("/key");
        String decrypted = parameters.query("/key").withDecryption().get();
        String plainAgain = parameters.get("/key");

        assertThat(plain).isEqualTo("cipher:k");
        assertThat(decrypted).isEqualTo("plain:k");
        assertThat(plainAgain).isEqualTo("cipher:k");
        assertThat(source.requests).hasSize(2);
    }

    @Test
    void parameters_decryptByDefault_comesFromTheEnvironment() {
        source.values.put("/key", RawValue.ofText("k", null));
        ExecutionEnvironment env = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("POWERTOOLS_PARAMETERS_SSM_DECRYPT", "true"))).clock(clock).build();

        Parameters parameters = Parameters.builder().source(source).executionEnvironment(env).build();

        assertThat(parameters.get("/key")).isEqualTo("plain:k");
        assertThat(parameters.query("/key").withDecryption(false).get()).isEqualTo("cipher:k");
    }

    @Test
    void parameters_restoreHook_isRegistered() {
        source.values.put("/key", RawValue.ofText("k", null));
        Parameters parameters = Parameters.builder().source(source).executionEnvironment(environment).build();
        parameters.get("/key");

        lifecycle.afterRestore();
        parameters.get("/key");

        assertThat(source.requests).hasSize(2);
    }

    @Test
    void utf8_textSurvives() {
        source.values.put("k", RawValue.ofText("pässwörd ✓", null));

        assertThat(new String(secrets().getBinary("k"), StandardCharsets.UTF_8)).isEqualTo("pässwörd ✓");
    }
}
