package io.lambdakit.core.spi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampFormatTest {

    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    static LongStream instants() {
        Random r = new Random(42);
        LongStream edges = LongStream.of(0, -1, 1, 999, 1000, 951_782_400_000L /* 2000-02-29 */, 4_107_542_399_999L /* 2100-02-28 */,
                -62_167_219_200_000L, 253_402_300_799_998L, 1_798_000_000_000L);
        LongStream random = LongStream.generate(() -> (long) (r.nextDouble() * 253_402_300_799_999L)).limit(2000);
        return LongStream.concat(edges, random);
    }

    @ParameterizedTest
    @MethodSource("instants")
    void format_matchesJavaTime_forGeneratedInstants(long millis) {
        TimestampFormat f = new TimestampFormat();
        f.format(millis - 1234); // a different second is cached first

        String formatted = f.format(millis).toString();

        assertThat(formatted).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
        assertThat(f.format(millis + 1).toString()).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis + 1)));
    }

    @ParameterizedTest
    @MethodSource("outOfRange")
    void format_outsideFourDigitYears_fallsBackToIso(long millis) {
        assertThat(new TimestampFormat().format(millis).toString()).isEqualTo(Instant.ofEpochMilli(millis).toString());
    }

    static LongStream outOfRange() {
        return LongStream.of(-62_167_219_200_001L, 253_402_300_800_000L, Long.MAX_VALUE / 2);
    }
}
