package io.lambdakit.core.spi;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThrowablesTest {

    @Test
    void sneakyThrow_checkedException_propagatesTheSameInstanceUnwrapped() {
        IOException checked = new IOException("disk");

        assertThatThrownBy(() -> {
            throw Throwables.sneakyThrow(checked);
        }).isSameAs(checked);
    }

    @Test
    void sneakyThrow_error_propagatesUnchanged() {
        AssertionError error = new AssertionError("boom");

        assertThatThrownBy(() -> {
            throw Throwables.sneakyThrow(error);
        }).isSameAs(error);
    }
}
