package io.lambdakit.tracing.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Names are sanitised to X-Ray's name pattern: letters, numbers, spaces and {@code _ . : / % & # = + - @}. */
class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"q\\b", "\\", "a\\-b", "x\\2"})
    void sanitize_backslash_isReplaced(String raw) {
        String name = Names.sanitize(raw);

        assertThat(name).doesNotContain("\\").matches("[\\p{L}\\p{Z}\\p{N}_.:/%&#=+\\-@]{1,200}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a-b", "a_b.c:d/e%f&g#h=i+j@k", "GET /orders"})
    void sanitize_allowedSymbols_areKept(String raw) {
        assertThat(Names.sanitize(raw)).isEqualTo(raw);
    }
}
