package io.lambdakit.logging.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lambdakit.core.Json;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * JDK values the way Jackson writes them with {@code jackson-datatype-jsr310} and
 * {@code jackson-datatype-jdk8} registered, {@code WRITE_DATES_AS_TIMESTAMPS} and
 * {@code WRITE_DURATIONS_AS_TIMESTAMPS} disabled: every {@code java.time} value as its ISO-8601
 * string (an {@code Instant} as {@code 2026-01-02T03:04:05.120Z}, a {@code ZonedDateTime} with its
 * offset, a {@code Duration} as {@code PT1.5S}), an empty {@code Optional} as {@code null}.
 *
 * <p>Top-level values of the common types are formatted here without Jackson. Structured values
 * (maps, lists, arrays, beans) go through a mapper without the modules first; only when Jackson
 * reports a type it needs a module for (a {@code java.time} or {@code Optional} value inside) is the
 * value converted again by logging's own mapper with both modules, which is created then, so the
 * modules cost nothing at cold start unless such a value is logged. A class that needed them once
 * goes straight to that mapper afterwards.
 */
final class JdkValues {

    private JdkValues() {
    }

    /**
     * Logging's mapper: lambdakit's settings, and trees that keep a {@code BigDecimal}'s scale
     * ({@code 19.90} stays {@code 19.90}, as Jackson writes it). Created on first structured value.
     */
    private static final class Plain {
        static final ObjectMapper MAPPER = Json.configure(new ObjectMapper())
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }

    /** The same with the JSR-310 and JDK 8 modules, created on first need. */
    private static final class WithModules {
        static final ObjectMapper MAPPER = Json.configure(new ObjectMapper())
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    /** Per class: does converting its instances need the modules? */
    private static final ClassValue<boolean[]> NEEDS_MODULES = new ClassValue<>() {
        @Override
        protected boolean[] computeValue(Class<?> type) {
            return new boolean[1];
        }
    };

    /** Per enum: each constant's JSON, as Jackson writes it (its name unless annotated otherwise). */
    private static final ClassValue<JsonNode[]> ENUMS = new ClassValue<>() {
        @Override
        protected JsonNode[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            JsonNode[] json = new JsonNode[constants.length];
            for (int i = 0; i < constants.length; i++) {
                json[i] = Plain.MAPPER.valueToTree(constants[i]);
            }
            return json;
        }
    };

    /**
     * @param value any value
     * @return its JSON tree as Jackson with the modules makes it
     */
    static JsonNode toTree(Object value) {
        boolean[] needs = NEEDS_MODULES.get(value.getClass());
        if (!needs[0]) {
            try {
                return Plain.MAPPER.valueToTree(value);
            } catch (IllegalArgumentException e) {
                if (!(e.getCause() instanceof InvalidDefinitionException)) {
                    throw e;
                }
                needs[0] = true; // a java.time or Optional value without its module: convert again with them
            }
        }
        return WithModules.MAPPER.valueToTree(value);
    }

    /**
     * @param e an enum constant
     * @return its JSON
     */
    static JsonNode enumJson(Enum<?> e) {
        return ENUMS.get(e.getDeclaringClass())[e.ordinal()];
    }

    /**
     * @param value a {@code java.time} value
     * @return its ISO-8601 string as Jackson's JSR-310 module writes it, or null for a type left to Jackson
     */
    static String temporal(Object value) {
        if (value instanceof Instant || value instanceof LocalDate || value instanceof Duration || value instanceof Period
                || value instanceof ZoneId || value instanceof Year || value instanceof YearMonth || value instanceof MonthDay
                || value instanceof OffsetTime) {
            return value.toString();
        } else if (value instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        } else if (value instanceof LocalTime t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        } else if (value instanceof OffsetDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        } else if (value instanceof ZonedDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        return null;
    }
}
