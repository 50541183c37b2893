package io.lambdakit.idempotency.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.Serializers;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes Joda-Time instants ({@code org.joda.time.DateTime}, the type of {@code S3Event}'s
 * {@code eventTime}, {@code ScheduledEvent}'s {@code time}, {@code SNSEvent}'s {@code timestamp}
 * and a few more in aws-lambda-java-events) the way Powertools' mapper does with Jackson's
 * {@code JodaModule} and {@code WRITE_DATES_AS_TIMESTAMPS} off: ISO-8601 in UTC with milliseconds,
 * {@code 2026-01-15T12:34:56.789Z}. Without it Jackson refuses every Joda type, so those events
 * could not be keyed at all.
 *
 * <p>Joda-Time is not a dependency of this module: a type is recognised by name (any class
 * implementing {@code org.joda.time.ReadableInstant}), its {@code getMillis()} is resolved once per
 * type when Jackson first asks for its serializer (Jackson caches serializers per type), and
 * formatting uses {@code java.time}, so neither Joda's time-zone database nor its formatters are
 * loaded.
 */
final class JodaInstants extends Module {

    private static final String READABLE_INSTANT = "org.joda.time.ReadableInstant";

    @Override
    public String getModuleName() {
        return "lambdakit-joda-instants";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        context.addSerializers(new Finder());
    }

    /** @return true when {@code type} implements {@code org.joda.time.ReadableInstant} */
    static boolean isJodaInstant(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (implementsByName(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean implementsByName(Class<?> type) {
        for (Class<?> i : type.getInterfaces()) {
            if (i.getName().equals(READABLE_INSTANT) || implementsByName(i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param epochMillis an instant
     * @return {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, as Joda's {@code ISODateTimeFormat.dateTime()}
     *         prints it in UTC
     */
    static String format(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L),
                (int) Math.floorMod(epochMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(24);
        int year = t.getYear();
        if (year < 0) {
            sb.append('-');
            year = -year;
        }
        pad(sb, year, 4);
        sb.append('-');
        pad(sb, t.getMonthValue(), 2);
        sb.append('-');
        pad(sb, t.getDayOfMonth(), 2);
        sb.append('T');
        pad(sb, t.getHour(), 2);
        sb.append(':');
        pad(sb, t.getMinute(), 2);
        sb.append(':');
        pad(sb, t.getSecond(), 2);
        sb.append('.');
        pad(sb, t.getNano() / 1_000_000, 3);
        return sb.append('Z').toString();
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(digits);
    }

    private static final class Finder extends Serializers.Base {
        @Override
        public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription beanDesc) {
            Class<?> raw = type.getRawClass();
            if (raw.getName().startsWith("org.joda.time.") && isJodaInstant(raw)) {
                return new InstantSerializer(raw);
            }
            return null;
        }
    }

    private static final class InstantSerializer extends StdSerializer<Object> {
        private static final long serialVersionUID = 1L;
        private final transient MethodHandle getMillis;

        InstantSerializer(Class<?> type) {
            super(Object.class);
            try {
                this.getMillis = MethodHandles.publicLookup()
                        .findVirtual(type, "getMillis", MethodType.methodType(long.class))
                        .asType(MethodType.methodType(long.class, Object.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalStateException(type.getName() + " implements " + READABLE_INSTANT
                        + " but has no public getMillis()", e);
            }
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            long millis;
            try {
                millis = (long) getMillis.invokeExact(value);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException("getMillis() of " + value.getClass().getName() + " failed", t);
            }
            gen.writeString(format(millis));
        }
    }
}
