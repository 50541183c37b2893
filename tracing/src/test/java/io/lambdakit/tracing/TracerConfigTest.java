package io.lambdakit.tracing;

import io.lambdakit.core.Installation;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Builder first, then the Powertools environment variables, then defaults; all problems in one exception. */
class TracerConfigTest {

    private static ExecutionEnvironment env(Map<String, String> vars, Lifecycle lifecycle) {
        return ExecutionEnvironment.builder().environment(Environment.of(vars)).lifecycle(lifecycle).build();
    }

    @Test
    void defaults_withAnEmptyEnvironment() {
        try (Tracer t = Tracer.builder().executionEnvironment(env(Map.of(), Lifecycle.create())).build()) {

            assertThat(t.serviceName()).isEqualTo("service_undefined");
            assertThat(t.daemonAddress()).isEqualTo("127.0.0.1:2000");
            assertThat(t.isEnabled()).isTrue();
            assertThat(t.engine().config().captureResponse()).isTrue();
            assertThat(t.engine().config().captureError()).isTrue();
            assertThat(t.engine().config().maxMetadataValueBytes()).isEqualTo(16 * 1024);
        }
    }

    @Test
    void environment_isRead_whenTheBuilderIsSilent() {
        Map<String, String> vars = Map.of(
                "POWERTOOLS_SERVICE_NAME", "orders",
                "AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000",
                "POWERTOOLS_TRACER_CAPTURE_RESPONSE", "false",
                "POWERTOOLS_TRACER_CAPTURE_ERROR", "FALSE",
                "POWERTOOLS_TRACE_DISABLED", "true");

        try (Tracer t = Tracer.builder().executionEnvironment(env(vars, Lifecycle.create())).build()) {

            assertThat(t.serviceName()).isEqualTo("orders");
            assertThat(t.daemonAddress()).isEqualTo("169.254.79.129:2000");
            assertThat(t.isEnabled()).isFalse();
            assertThat(t.engine().config().captureResponse()).isFalse();
            assertThat(t.engine().config().captureError()).isFalse();
        }
    }

    @Test
    void builder_winsOverTheEnvironment() {
        Map<String, String> vars = Map.of("POWERTOOLS_SERVICE_NAME", "orders", "POWERTOOLS_TRACER_CAPTURE_RESPONSE", "false",
                "AWS_XRAY_DAEMON_ADDRESS", "not an address");

        try (Tracer t = Tracer.builder().executionEnvironment(env(vars, Lifecycle.create()))
                .serviceName("billing").captureResponse(true).daemonAddress("10.0.0.1:3000").build()) {

            assertThat(t.serviceName()).isEqualTo("billing");
            assertThat(t.engine().config().captureResponse()).isTrue();
            assertThat(t.daemonAddress()).isEqualTo("10.0.0.1:3000");
        }
    }

    @Test
    void invalidSettings_areAllReportedInOneException() {
        Map<String, String> vars = Map.of(
                "AWS_XRAY_DAEMON_ADDRESS", "localhost",
                "POWERTOOLS_TRACER_CAPTURE_RESPONSE", "yes",
                "POWERTOOLS_TRACE_DISABLED", "maybe");

        assertThatThrownBy(() -> Tracer.builder().executionEnvironment(env(vars, Lifecycle.create())).maxMetadataValueBytes(10).build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.component()).isEqualTo("lambdakit-tracing");
                    assertThat(e.problems()).hasSize(4);
                    assertThat(e.getMessage())
                            .contains("AWS_XRAY_DAEMON_ADDRESS was 'localhost' but it must be host:port")
                            .contains("POWERTOOLS_TRACER_CAPTURE_RESPONSE was 'yes'")
                            .contains("POWERTOOLS_TRACE_DISABLED was 'maybe'")
                            .contains("maxMetadataValueBytes(..) was 10");
                });
    }

    @Test
    void build_registersSnapStartHooks_closeUnregistersThem() {
        Lifecycle lifecycle = Lifecycle.create();
        Tracer t = Tracer.builder().executionEnvironment(env(Map.of(), lifecycle)).build();
        int coreHooks = 1;

        assertThat(lifecycle.afterRestore()).extracting(Lifecycle.HookRun::name)
                .contains("lambdakit-tracing: reseed subsegment ids, resolve the daemon again").hasSize(coreHooks + 1);
        assertThat(lifecycle.beforeCheckpoint()).extracting(Lifecycle.HookRun::name)
                .containsExactly("lambdakit-tracing: preload hot-path classes", "lambdakit-tracing: prime the codec, close the daemon socket",
                        "lambdakit-core: preload hot-path classes");

        t.close();

        assertThat(lifecycle.beforeCheckpoint()).extracting(Lifecycle.HookRun::name).containsExactly("lambdakit-core: preload hot-path classes");
        assertThat(lifecycle.afterRestore()).hasSize(coreHooks);
    }

    @Test
    void install_replacesTheProcessWideTracer_closeRestoresIt() {
        try (Tracer mine = Tracer.builder().executionEnvironment(env(Map.of(), Lifecycle.create())).serviceName("mine").build()) {
            Installation installation = Tracer.install(mine);

            assertThat(Tracer.current()).isSameAs(mine);

            installation.close();
            assertThat(Tracer.current()).isNotSameAs(mine);
        }
    }
}
