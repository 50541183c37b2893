package io.lambdakit.testing;

import io.lambdakit.testing.sample.SampleHandler;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The extension on a static field: one environment for the class, injectable into test methods. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalFunctionExtensionIT {

    @RegisterExtension
    static LocalFunctionExtension function = LocalFunctionExtension.of(
            LocalFunction.builder().handler(SampleHandler.class).environment("SAMPLE_SETTING", "from-extension"));

    @Test
    @Order(1)
    void invoke_throughTheExtension_runsTheFunction() {
        InvocationResult result = function.invoke("{}");

        assertThat(result.responseJson().path("custom").asText()).isEqualTo("from-extension");
        assertThat(result.coldStart()).isTrue();
    }

    @Test
    @Order(2)
    void parameter_isTheSameRunningFunction(LocalFunction fn) {
        InvocationResult result = fn.invoke("{}");

        assertThat(fn).isSameAs(function.get());
        assertThat(result.coldStart()).as("the environment is shared across the class").isFalse();
        assertThat(result.responseJson().path("count").asInt()).isEqualTo(2);
    }
}
