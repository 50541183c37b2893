package io.lambdakit.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentTest {

    private static final Map<String, String> LAMBDA = Map.ofEntries(
            Map.entry("AWS_LAMBDA_FUNCTION_NAME", "orders"),
            Map.entry("AWS_LAMBDA_FUNCTION_VERSION", "7"),
            Map.entry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"),
            Map.entry("AWS_REGION", "eu-west-1"),
            Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency"),
            Map.entry("AWS_LAMBDA_LOG_LEVEL", "warn"),
            Map.entry("AWS_LAMBDA_LOG_FORMAT", "json"),
            Map.entry("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
            Map.entry("AWS_SESSION_TOKEN", "very-secret-token"),
            Map.entry("LAMBDA_TASK_ROOT", "/var/task"),
            Map.entry("POWERTOOLS_SERVICE_NAME", "payments"));

    @Test
    void accessors_lambdaVariables_readTheSnapshot() {
        Environment env = Environment.of(LAMBDA);

        assertThat(env.functionName()).contains("orders");
        assertThat(env.functionVersion()).contains("7");
        assertThat(env.functionMemorySizeMb()).hasValue(1024);
        assertThat(env.region()).contains("eu-west-1");
        assertThat(env.initializationType()).isEqualTo(InitializationType.PROVISIONED_CONCURRENCY);
        assertThat(env.lambdaLogLevel()).contains("WARN");
        assertThat(env.lambdaLogFormat()).contains("JSON");
        assertThat(env.initTraceHeader()).hasValueSatisfying(h -> assertThat(h).startsWith("Root=1-5759e988"));
        assertThat(env.sessionToken()).contains("very-secret-token");
        assertThat(env.isLambda()).isTrue();
        assertThat(env.serviceName()).isEqualTo("payments");
    }

    @Test
    void snapshot_sourceMapChangedAfterwards_isUnaffected() {
        Map<String, String> source = new HashMap<>(LAMBDA);
        Environment env = Environment.of(source);

        source.put("AWS_LAMBDA_FUNCTION_NAME", "changed");

        assertThat(env.functionName()).contains("orders");
        assertThatThrownBy(() -> env.asMap().put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void defaults_emptyEnvironment_areDocumentedValues() {
        Environment env = Environment.empty();

        assertThat(env.functionName()).isEmpty();
        assertThat(env.serviceName()).isEqualTo("service_undefined");
        assertThat(env.initializationType()).isEqualTo(InitializationType.ON_DEMAND);
        assertThat(env.xrayDaemonAddress()).isEqualTo("127.0.0.1:2000");
        assertThat(env.maxConcurrency()).isEqualTo(1);
        assertThat(env.isLambda()).isFalse();
        assertThat(env.devMode()).isFalse();
    }

    @Test
    void get_blankValue_isAbsent() {
        Environment env = Environment.of(Map.of("POWERTOOLS_SERVICE_NAME", "   "));

        assertThat(env.get("POWERTOOLS_SERVICE_NAME")).isEmpty();
        assertThat(env.serviceName()).isEqualTo("service_undefined");
    }

    @ParameterizedTest
    @CsvSource({"on-demand,ON_DEMAND", "provisioned-concurrency,PROVISIONED_CONCURRENCY", "snap-start,SNAP_START",
            "SNAP-START,SNAP_START", "lambda-managed-instances,LAMBDA_MANAGED_INSTANCES", "something-new,ON_DEMAND"})
    void initializationType_eachValue_isParsed(String value, InitializationType expected) {
        Environment env = Environment.of(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", value));

        assertThat(env.initializationType()).isEqualTo(expected);
    }

    @Test
    void getBoolean_invalidValue_throwsConfigurationExceptionNamingTheVariable() {
        Environment env = Environment.of(Map.of("POWERTOOLS_DEV", "yes"));

        assertThatThrownBy(env::devMode)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("POWERTOOLS_DEV was 'yes' but it must be true or false");
    }

    @Test
    void getInt_invalidValue_throwsConfigurationException() {
        Environment env = Environment.of(Map.of("AWS_LAMBDA_MAX_CONCURRENCY", "lots"));

        assertThatThrownBy(env::maxConcurrency)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AWS_LAMBDA_MAX_CONCURRENCY was 'lots' but it must be an integer");
    }

    @Test
    void toString_neverContainsValues() {
        Environment env = Environment.of(LAMBDA);

        assertThat(env.toString()).contains("AWS_SESSION_TOKEN").doesNotContain("very-secret-token");
    }

    @Test
    void with_overrides_replaceAndAdd() {
        Environment env = Environment.of(LAMBDA).with(Map.of("POWERTOOLS_SERVICE_NAME", "other", "NEW", "1"));

        assertThat(env.serviceName()).isEqualTo("other");
        assertThat(env.get("NEW")).contains("1");
        assertThat(env.functionName()).contains("orders");
    }

    @Test
    void region_onlyDefaultRegion_fallsBack() {
        assertThat(Environment.of(Map.of("AWS_DEFAULT_REGION", "us-east-2")).region()).contains("us-east-2");
    }
}
