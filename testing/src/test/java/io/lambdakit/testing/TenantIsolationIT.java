package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.sample.SampleHandler;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tenant isolation under the real runtime client: an execution environment (child JVM) per tenant. */
class TenantIsolationIT {

    private static final LocalFunction.InvokeOptions TENANT_A = LocalFunction.InvokeOptions.create().tenantId("tenant-a");
    private static final LocalFunction.InvokeOptions TENANT_B = LocalFunction.InvokeOptions.create().tenantId("tenant-b");

    @Test
    void invoke_twoTenants_eachGetsItsOwnEnvironmentAndItsTenantIdInTheContext() {
        try (LocalFunction fn = LocalFunction.builder().handler(SampleHandler.class).tenantIsolation(true).start()) {
            assertThat(fn.environmentsStarted()).as("no environment before a tenant's first invocation").isZero();

            InvocationResult a1 = fn.invoke("{}", TENANT_A);
            InvocationResult a2 = fn.invoke("{}", TENANT_A);
            InvocationResult b1 = fn.invoke("{}", TENANT_B);

            JsonNode a1r = a1.responseJson();
            JsonNode a2r = a2.responseJson();
            JsonNode b1r = b1.responseJson();
            assertThat(a1r.path("tenantId").asText()).isEqualTo("tenant-a");
            assertThat(b1r.path("tenantId").asText()).isEqualTo("tenant-b");
            assertThat(a1.coldStart()).isTrue();
            assertThat(a2.coldStart()).isFalse();
            assertThat(b1.coldStart()).as("a tenant's first invocation").isTrue();
            assertThat(a2.environmentId()).isEqualTo(a1.environmentId());
            assertThat(b1.environmentId()).isNotEqualTo(a1.environmentId());
            assertThat(a2r.path("pid").asLong()).isEqualTo(a1r.path("pid").asLong());
            assertThat(b1r.path("pid").asLong()).as("another JVM").isNotEqualTo(a1r.path("pid").asLong());
            assertThat(a2r.path("count").asInt()).isEqualTo(2);
            assertThat(b1r.path("count").asInt()).as("no state from tenant-a").isEqualTo(1);
            assertThat(b1r.path("instance").asText()).isNotEqualTo(a1r.path("instance").asText());
            assertThat(fn.environmentsStarted()).isEqualTo(2);
            assertThat(fn.tenantIds()).containsExactly("tenant-a", "tenant-b");
        }
    }

    @Test
    void invoke_withoutTenantId_isRejectedBeforeAnyEnvironmentStarts() {
        try (LocalFunction fn = LocalFunction.builder().handler(SampleHandler.class).tenantIsolation(true).build()) {
            assertThatThrownBy(() -> fn.invoke("{}")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TenantIsolationMode=PER_TENANT")
                    .hasMessageContaining("InvokeOptions.create().tenantId(");
            assertThatThrownBy(() -> fn.invoke("{}", LocalFunction.InvokeOptions.create().tenantId(" ")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(fn.environmentsStarted()).isZero();
        }
    }

    @Test
    void invokeAsync_twoTenantsAtOnce_runInParallelEnvironments() {
        try (LocalFunction fn = LocalFunction.builder().handler(SampleHandler.class).tenantIsolation(true)
                .mode(LocalFunction.Mode.IN_PROCESS).start()) {
            CompletableFuture<InvocationResult> a = fn.invokeAsync("{\"action\":\"sleep\",\"millis\":300}", TENANT_A);
            CompletableFuture<InvocationResult> b = fn.invokeAsync("{}", TENANT_B);

            assertThat(b.join().responseJson().path("tenantId").asText()).isEqualTo("tenant-b");
            assertThat(a.join().responseJson().path("tenantId").asText()).isEqualTo("tenant-a");
            assertThat(a.join().environmentId()).isNotEqualTo(b.join().environmentId());
            assertThat(a.join().coldStart()).isTrue();
            assertThat(b.join().coldStart()).isTrue();
            assertThat(fn.environmentsStarted()).isEqualTo(2);
        }
    }
}
