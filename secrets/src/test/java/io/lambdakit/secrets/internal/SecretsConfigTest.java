package io.lambdakit.secrets.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.secrets.ProviderKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SecretsConfigTest {

    private static SecretsConfig resolve(Map<String, String> env) {
        return resolve(null, null, null, env);
    }

    private static SecretsConfig resolve(ProviderKind provider, Duration maxAge, Integer port, Map<String, String> env) {
        ExecutionEnvironment ee = ExecutionEnvironment.builder().environment(Environment.of(env)).build();
        ConfigurationException.Problems problems = ConfigurationException.problems("lambdakit-secrets");
        SecretsConfig r = SecretsConfig.resolve(ee, provider, maxAge, null, null, port, null, null, port == null ? null : false, problems);
        problems.throwIfAny();
        return r;
    }

    @Test
    void nothingSet_givesTheDocumentedDefaults() {
        SecretsConfig r = resolve(Map.of());

        assertThat(r.provider()).isEqualTo(ProviderKind.AUTO);
        assertThat(r.maxAge()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.maxStaleness()).isZero();
        assertThat(r.fallbackToSdk()).isFalse();
        assertThat(r.port()).isEqualTo(2773);
        assertThat(r.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(r.decrypt()).isFalse();
    }

    @Test
    void environment_overridesDefaults() {
        SecretsConfig r = resolve(Map.of(
                "LAMBDAKIT_SECRETS_PROVIDER", "Extension",
                "POWERTOOLS_PARAMETERS_MAX_AGE", "60",
                "LAMBDAKIT_SECRETS_MAX_STALENESS_SECONDS", "300",
                "LAMBDAKIT_SECRETS_FALLBACK_TO_SDK", "TRUE",
                "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2999",
                "LAMBDAKIT_SECRETS_EXTENSION_CONNECT_TIMEOUT_MS", "250",
                "LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MS", "900",
                "POWERTOOLS_PARAMETERS_SSM_DECRYPT", "true"));

        assertThat(r.provider()).isEqualTo(ProviderKind.EXTENSION);
        assertThat(r.maxAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(r.maxStaleness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.fallbackToSdk()).isTrue();
        assertThat(r.port()).isEqualTo(2999);
        assertThat(r.connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(r.readTimeout()).isEqualTo(Duration.ofMillis(900));
        assertThat(r.decrypt()).isTrue();
    }

    @Test
    void builderValues_overrideTheEnvironment() {
        SecretsConfig r = resolve(ProviderKind.SDK, Duration.ofSeconds(1), 3000, Map.of("LAMBDAKIT_SECRETS_PROVIDER", "extension",
                "POWERTOOLS_PARAMETERS_MAX_AGE", "60", "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2999",
                "POWERTOOLS_PARAMETERS_SSM_DECRYPT", "true"));

        assertThat(r.provider()).isEqualTo(ProviderKind.SDK);
        assertThat(r.maxAge()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.port()).isEqualTo(3000);
        assertThat(r.decrypt()).isFalse();
    }

    @Test
    void badEnvironment_reportsEveryProblemInOneException() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> resolve(Map.of(
                "LAMBDAKIT_SECRETS_PROVIDER", "vault",
                "POWERTOOLS_PARAMETERS_MAX_AGE", "-1",
                "LAMBDAKIT_SECRETS_FALLBACK_TO_SDK", "yes",
                "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "70000",
                "LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MS", "soon")));

        assertThat(e.component()).isEqualTo("lambdakit-secrets");
        assertThat(e.problems()).hasSize(5);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("LAMBDAKIT_SECRETS_PROVIDER was 'vault' but it must be auto, extension or sdk"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("POWERTOOLS_PARAMETERS_MAX_AGE was '-1'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("LAMBDAKIT_SECRETS_FALLBACK_TO_SDK was 'yes' but it must be true or false"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT was '70000'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MS was 'soon'"));
    }
}
