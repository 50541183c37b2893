package io.lambdakit.testing;

import io.lambdakit.testing.sample.ScopeProbeHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A function shared by the class through {@link LocalFunctionExtension#freshPerTest()}: every test's first
 * invocation is a cold start, so both tests pass in either order (without it, whichever runs second fails).
 */
class LocalFunctionExtensionFreshPerTestTest {

    @RegisterExtension
    static LocalFunctionExtension function = LocalFunctionExtension.of(LocalFunction.builder()
            .handler(ScopeProbeHandler.class).mode(LocalFunction.Mode.IN_PROCESS)
            .environment("POWERTOOLS_SERVICE_NAME", "orders")).freshPerTest();

    @Test
    void firstInvocation_inOneTest_isAColdStart() {
        InvocationResult first = function.invoke("{}");
        InvocationResult second = function.invoke("{}");

        assertThat(first.coldStart()).isTrue();
        assertThat(first.responseJson().path("coldStart").asText()).isEqualTo("on-demand");
        assertThat(second.responseJson().path("coldStart").asText()).isEqualTo("warm");
    }

    @Test
    void firstInvocation_inAnotherTest_isAColdStartToo(LocalFunction fn) {
        InvocationResult first = fn.invoke("{}");

        assertThat(fn).isSameAs(function.get());
        assertThat(first.coldStart()).isTrue();
        assertThat(first.responseJson().path("coldStart").asText()).isEqualTo("on-demand");
    }
}
