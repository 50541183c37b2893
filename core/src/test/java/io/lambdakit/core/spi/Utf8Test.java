package io.lambdakit.core.spi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "ascii", "caf\u00e9", "\u20ac uro", "emoji \uD83D\uDE00", "lone \uD800 high", "lone \uDC00 low",
            "ends \uD83D", "\uDE00\uD83D reversed", "\u0000\u007f\u0080\u07ff\u0800\uffff"})
    void length_equalsTheEncodedByteCount_withUnpairedSurrogatesAsReplacementCharacter(String s) {
        StringBuilder wellFormed = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                wellFormed.append(c).append(s.charAt(++i));
            } else {
                wellFormed.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }

        assertThat(Utf8.length(s)).isEqualTo(wellFormed.toString().getBytes(StandardCharsets.UTF_8).length);
    }
}
