package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;

import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Generated strings of every awkward kind, in every place a user string can go; each line parsed back. */
class JsonEscapingTest {

    private static final char[] AWKWARD = {'"', '\\', '/', '\b', '\f', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f',
            '\u2028', '\u2029', '\u00e9', '\u4e2d', '\ufeff', '{', '}', '\ud83d', '\ude00'};

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void generatedStrings_survive_inMessageKeysValuesMdcAndErrors(long seed) {
        Random random = new Random(seed);
        String message = generate(random);
        String key = "k:" + generate(random);
        String value = generate(random);
        String mdcKey = "m:" + generate(random);
        String mdcValue = generate(random);
        String errorMessage = generate(random);
        CapturingSink sink = new CapturingSink();
        LogOutput out = TestOutputs.output(sink, Map.of(), MutableClock.at(TestOutputs.T0), b -> b.redactDefaultKeys(false));
        MDC.put(mdcKey, mdcValue);

        out.logger("gen").atWarn().addKeyValue(key, value).setCause(new IllegalStateException(errorMessage)).log(message);

        assertThat(sink.writes()).hasSize(1);
        JsonNode line = sink.lines().get(0);
        assertThat(line.get("message").asText()).isEqualTo(expected(message));
        assertThat(line.get(expected(key)).asText()).isEqualTo(expected(value));
        assertThat(line.get(expected(mdcKey)).asText()).isEqualTo(expected(mdcValue));
        assertThat(line.at("/error/message").asText()).isEqualTo(expected(errorMessage));
        assertThat(line.at("/error/stack").asText()).startsWith("java.lang.IllegalStateException: " + expected(errorMessage));
        assertThat(sink.writes().get(0)).doesNotContain("\u2028").doesNotContain("\u2029");
    }

    /** Random length (often long), random mix of ASCII, awkward characters, BMP and supplementary code points. */
    static String generate(Random random) {
        int length = random.nextInt(8) == 0 ? random.nextInt(3000) : random.nextInt(40);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(5)) {
                case 0 -> sb.append(AWKWARD[random.nextInt(AWKWARD.length)]);
                case 1 -> sb.appendCodePoint(0x1F300 + random.nextInt(0x300)); // emoji: surrogate pairs
                case 2 -> sb.append((char) random.nextInt(0x10000)); // any BMP char, lone surrogates included
                default -> sb.append((char) (0x20 + random.nextInt(0x5f)));
            }
        }
        return sb.toString();
    }

    /** What a reader must see: the input, with unpaired surrogates replaced by U+FFFD. */
    static String expected(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\ufffd');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
