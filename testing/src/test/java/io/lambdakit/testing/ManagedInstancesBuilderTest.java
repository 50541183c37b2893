package io.lambdakit.testing;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.InitializationType;
import io.lambdakit.testing.sample.ConcurrentHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link LocalFunction.Builder#maxConcurrency(int)} and {@code tenantIsolation(true)}: what they set, and the settings Lambda does not allow with them. */
class ManagedInstancesBuilderTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void build_maxConcurrencyBelowOne_failsNamingLambdasSetting(int n) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> LocalFunction.builder().handler(ConcurrentHandler.class).maxConcurrency(n).build());

        assertThat(e.problems()).containsExactly("maxConcurrency was " + n + " but it must be a positive integer "
                + "(Lambda's PerExecutionEnvironmentMaxConcurrency: invocations one environment runs at once)");
    }

    @ParameterizedTest
    @EnumSource(value = InitializationType.class, names = {"SNAP_START", "PROVISIONED_CONCURRENCY"})
    void build_maxConcurrencyWithAnInitTypeManagedInstancesLack_fails(InitializationType type) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> LocalFunction.builder().handler(ConcurrentHandler.class).maxConcurrency(4).initializationType(type).build());

        assertThat(e.problems()).singleElement().asString()
                .contains("maxConcurrency(4)", "initializationType was " + type, "remove one of the two calls");
    }

    @Test
    void build_environmentSetsMaxConcurrencyAndMaxConcurrencyIsZero_listsBothProblems() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> LocalFunction.builder().handler(ConcurrentHandler.class).maxConcurrency(0)
                        .environment(Environment.AWS_LAMBDA_MAX_CONCURRENCY, "8").build());

        assertThat(e.problems()).hasSize(2).anySatisfy(p -> assertThat(p).startsWith("maxConcurrency was 0"))
                .contains("environment sets AWS_LAMBDA_MAX_CONCURRENCY, which LocalFunction controls; call maxConcurrency(n) instead");
    }

    @Test
    void build_tenantIsolationWithManagedInstances_failsAsLambdaOffersNeitherTogether() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> LocalFunction.builder().handler(ConcurrentHandler.class).tenantIsolation(true).maxConcurrency(4).build());

        assertThat(e.problems()).singleElement().asString().startsWith("tenantIsolation(true) cannot be combined with Lambda Managed Instances");
    }

    @ParameterizedTest
    @EnumSource(value = InitializationType.class, names = {"SNAP_START", "PROVISIONED_CONCURRENCY"})
    void build_tenantIsolationWithSnapStartOrProvisionedConcurrency_fails(InitializationType type) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> LocalFunction.builder().handler(ConcurrentHandler.class).tenantIsolation(true).initializationType(type).build());

        assertThat(e.problems()).singleElement().asString()
                .isEqualTo("tenantIsolation(true) cannot be combined with initializationType " + type
                        + ", which Lambda does not offer with tenant isolation; remove one of the two");
    }

    @Test
    void build_maxConcurrency_makesAManagedInstancesFunction() {
        try (LocalFunction fn = LocalFunction.builder().handler(ConcurrentHandler.class).maxConcurrency(8).build()) {
            assertThat(fn.maxConcurrency()).isEqualTo(8);
            assertThat(fn.environment()).containsEntry(Environment.AWS_LAMBDA_MAX_CONCURRENCY, "8")
                    .containsEntry(Environment.AWS_LAMBDA_INITIALIZATION_TYPE, "lambda-managed-instances");
        }
    }

    @Test
    void build_managedInstancesInitTypeWithoutMaxConcurrency_runsTheDocumentedDefault() {
        try (LocalFunction fn = LocalFunction.builder().handler(ConcurrentHandler.class)
                .initializationType(InitializationType.LAMBDA_MANAGED_INSTANCES).build()) {
            assertThat(fn.maxConcurrency()).isEqualTo(LocalFunction.DEFAULT_MAX_CONCURRENCY).isEqualTo(4);
            assertThat(fn.environment()).containsEntry(Environment.AWS_LAMBDA_MAX_CONCURRENCY, "4");
        }
    }

    @Test
    void build_classicFunction_runsOneAtATimeAndSetsNoConcurrency() {
        try (LocalFunction fn = LocalFunction.builder().handler(ConcurrentHandler.class).build()) {
            assertThat(fn.maxConcurrency()).isEqualTo(1);
            assertThat(fn.environment()).doesNotContainKey(Environment.AWS_LAMBDA_MAX_CONCURRENCY);
            assertThat(fn.environmentOutput()).isEmpty();
            assertThat(fn.environmentSegments()).isEmpty();
        }
    }
}
