package io.lambdakit.logging;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JDK values inside structured arguments are written byte for byte as Jackson writes them with the
 * JSR-310 and JDK 8 modules and dates (and durations) as ISO strings, the oracle being Jackson itself.
 */
class JdkValuesTest {

    /** The oracle: Jackson with jackson-datatype-jsr310 and -jdk8, dates and durations not as timestamps. */
    static final ObjectMapper JACKSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    enum Shade {
        LIGHT, DARK;

        @Override
        public String toString() {
            return "shade " + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum Code {
        @JsonProperty("ok-200") OK,
        NOT_FOUND
    }

    /** A value object holding JDK values, converted by Jackson as a bean. */
    record Order(String id, Instant placedAt, Optional<String> coupon, OptionalInt quantity, Duration ttl, LocalDate due,
                 BigDecimal total, Shade shade) {
    }

    private static final Instant INSTANT = Instant.parse("2026-01-02T03:04:05.120Z");

    static Stream<Arguments> values() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("when", INSTANT);
        nested.put("maybe", Optional.of(5));
        nested.put("nothing", Optional.empty());
        nested.put("list", Arrays.asList(LocalDate.of(2026, 1, 2), Optional.empty(), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                OptionalLong.of(7), Duration.ofSeconds(90), Shade.DARK, 1.1f, 2.0));
        nested.put("deeper", Map.of("at", OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2))));
        List<Object> list = new ArrayList<>();
        list.add(Instant.EPOCH);
        list.add(null);
        list.add(new byte[] {1, 2, 3});
        list.add(Map.of("k", OptionalDouble.of(0.5)));
        return Stream.of(
                Instant.EPOCH, INSTANT, Instant.parse("2026-01-02T03:04:05.123456789Z"), Instant.parse("2026-01-02T03:04:05Z"),
                LocalDate.of(2026, 1, 2), LocalDate.of(12026, 1, 2),
                LocalDateTime.of(2026, 1, 2, 3, 4), LocalDateTime.of(2026, 1, 2, 3, 4, 5, 500_000_000),
                LocalTime.of(3, 4), LocalTime.of(3, 4, 5, 120_000),
                OffsetDateTime.of(2026, 1, 2, 3, 4, 0, 0, ZoneOffset.ofHours(2)), OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 7, ZoneOffset.UTC),
                ZonedDateTime.of(2026, 6, 2, 3, 4, 5, 0, ZoneId.of("Europe/Paris")), ZonedDateTime.of(2026, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC),
                OffsetTime.of(3, 4, 0, 0, ZoneOffset.ofHours(-5)),
                Duration.ofMillis(1500), Duration.ZERO, Duration.ofDays(2).plusNanos(1), Period.ofDays(3), Year.of(2026), YearMonth.of(2026, 1),
                MonthDay.of(1, 2), ZoneId.of("Europe/Paris"), ZoneOffset.ofHours(-5), DayOfWeek.MONDAY, Month.JUNE,
                Optional.empty(), Optional.of("x"), Optional.of(INSTANT), Optional.of(Optional.of(3)), Optional.of(List.of(1, 2)),
                OptionalInt.of(3), OptionalInt.empty(), OptionalLong.of(-4), OptionalLong.empty(), OptionalDouble.of(1.5), OptionalDouble.empty(),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), URI.create("https://example.com/a?b=c"),
                URI.create("https://example.com/x").toURL(),
                new BigDecimal("1.50"), new BigDecimal("1E+3"), new BigInteger("123456789012345678901234567890"),
                Shade.LIGHT, Code.OK, Code.NOT_FOUND,
                new byte[] {1, 2, 3, -1}, new byte[0], new int[] {1, 2}, new long[] {3L}, new double[] {1.0, 0.1}, new boolean[] {true},
                new char[] {'a', 'b'}, new String[] {"a", null}, new Instant[] {INSTANT}, new Object[] {Optional.of(1), LocalDate.of(2026, 1, 2)},
                1.1f, 1.0, 0.1, -0.0, 1e20, 1.0e-7, Float.NaN, Double.POSITIVE_INFINITY, 42L, (short) 3, (byte) 4,
                'c', String.class, new StringBuilder("sb"), new AtomicBoolean(true), new AtomicLong(9), true,
                nested, list, List.of(), Map.of(),
                new Order("o-1", INSTANT, Optional.of("SAVE10"), OptionalInt.empty(), Duration.ofMinutes(5), LocalDate.of(2026, 2, 1),
                        new BigDecimal("19.90"), Shade.DARK),
                new Order("o-2", null, Optional.empty(), OptionalInt.of(2), null, null, null, null))
                .map(v -> Arguments.of(v.getClass().getSimpleName(), v));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("values")
    void keyValue_jdkValue_isWrittenByteForByteAsJacksonWithTheJsr310AndJdk8Modules(String type, Object value) throws Exception {
        CapturingSink sink = new CapturingSink();
        Logger log = TestOutputs.output(sink, Map.of()).logger("h");

        log.atInfo().addKeyValue("v", value).log("m");

        assertThat(valueOf(sink)).isEqualTo(JACKSON.writeValueAsString(value));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("values")
    void keyValue_jdkValueInsideAMap_isWrittenAsJacksonWould(String type, Object value) throws Exception {
        CapturingSink sink = new CapturingSink();
        Logger log = TestOutputs.output(sink, Map.of()).logger("h");
        Map<String, Object> wrapper = new LinkedHashMap<>();
        wrapper.put("inner", value);

        log.atInfo().addKeyValue("v", wrapper).log("m");

        assertThat(valueOf(sink)).isEqualTo(JACKSON.writeValueAsString(wrapper));
    }

    /** @return the raw JSON of the last member, {@code "v"}, of the only line */
    private static String valueOf(CapturingSink sink) {
        String line = sink.writes().get(0);
        sink.lines(); // one valid JSON line
        int at = line.lastIndexOf(",\"v\":");
        assertThat(at).isPositive();
        return line.substring(at + 5, line.length() - 2);
    }
}
