package io.lambdakit.tracing;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.tracing.woven.ReservedNamespaceHandler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** An invalid {@code @Tracing} attribute fails like the same invalid {@code TraceOptions} builder call. */
class InvalidAnnotationTest {

    @Test
    void reservedNamespace_annotationAndBuilder_throwTheSameConfigurationException() {
        ConfigurationException plain = catchThrowableOfType(ConfigurationException.class,
                () -> TraceOptions.builder("charge").namespace("AWS.payments"));
        ReservedNamespaceHandler handler = new ReservedNamespaceHandler();

        ConfigurationException woven = catchThrowableOfType(ConfigurationException.class, () -> handler.charge("o-1"));

        assertThat(plain).isNotNull();
        assertThat(woven).as("the annotated call fails with the builder's exception").isNotNull();
        assertThat(woven.getMessage()).isEqualTo(plain.getMessage());
        assertThat(woven.component()).isEqualTo("lambdakit-tracing");
    }

    @Test
    void reservedNamespace_everyCall_failsBeforeTheBodyRuns() {
        ReservedNamespaceHandler handler = new ReservedNamespaceHandler();

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> handler.charge("o-1")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("metadata namespace 'AWS.payments' starts with 'AWS.'");
        }

        assertThat(handler.bodyRuns).hasValue(0);
    }
}
