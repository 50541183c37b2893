package io.lambdakit.secrets;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options both builders share are validated once, at the call site, the same way for both. */
class CacheBuilderTest {

    @Test
    void secretsBuilderSetters_rejectBadValuesAtTheCallSite() {
        Secrets.Builder b = Secrets.builder();

        assertThatThrownBy(() -> b.maxAge(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAge was PT-1S but it must be zero or positive");
        assertThatThrownBy(() -> b.extensionPort(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> b.extensionTimeouts(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connect timeout");
        assertThatThrownBy(() -> b.staleOnError(Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("staleOnError");
    }

    @Test
    void parametersBuilderSetters_rejectBadValuesWithTheSameMessages() {
        Parameters.Builder b = Parameters.builder();

        assertThatThrownBy(() -> b.maxAge(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAge was PT-1S but it must be zero or positive");
        assertThatThrownBy(() -> b.extensionPort(65536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> b.extensionTimeouts(Duration.ofSeconds(1), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read timeout");
    }
}
