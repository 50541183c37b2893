package io.lambdakit.logging.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.helpers.MessageFormatter;

import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Our formatter must agree with SLF4J's own for generated patterns and arguments. */
class MessageFormatTest {

    private static final String[] PIECES = {"{}", "{}", "\\{}", "\\\\{}", "{", "}", "\\", "a", " ", "x=", "{{}}", "é"};

    static LongStream seeds() {
        return LongStream.range(0, 1000);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void format_agreesWithSlf4j(long seed) {
        Random r = new Random(seed);
        StringBuilder pattern = new StringBuilder();
        for (int i = r.nextInt(10); i > 0; i--) {
            pattern.append(PIECES[r.nextInt(PIECES.length)]);
        }
        Object[] args = new Object[r.nextInt(5)];
        for (int i = 0; i < args.length; i++) {
            args[i] = switch (r.nextInt(6)) {
                case 0 -> null;
                case 1 -> r.nextInt();
                case 2 -> new int[] {1, 2};
                case 3 -> new Object[] {"a", new String[] {"b"}, null};
                case 4 -> "s{}" + i;
                default -> new Object() {
                    @Override
                    public String toString() {
                        throw new IllegalStateException("broken toString");
                    }
                };
            };
        }
        StringBuilder ours = new StringBuilder();

        MessageFormat.format(ours, pattern.toString(), args, args.length);

        String expected = MessageFormatter.basicArrayFormat(pattern.toString(), args);
        assertThat(ours.toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void selfReferencingArray_isCut(long seed) {
        Object[] self = new Object[2];
        self[0] = seed;
        self[1] = self;
        StringBuilder ours = new StringBuilder();

        MessageFormat.format(ours, "v={}", new Object[] {self}, 1);

        assertThat(ours.toString()).isEqualTo("v=[" + seed + ", [...]]");
    }
}
