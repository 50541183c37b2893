package io.lambdakit.logging.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.logging.spi.LogSink;
import org.slf4j.event.Level;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The resolved configuration of a log output, built once at init: builder values first, then
 * environment variables ({@link LoggingVariables}, Powertools names where Powertools has one), then
 * documented defaults. The only reader of the module's variables. Immutable.
 */
public final class LogOutputConfig {

    /** Default cap of messages and string values, in characters. */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 16_384;
    /** Default buffer bound, as in Powertools. */
    public static final int DEFAULT_BUFFER_MAX_BYTES = 20_480;
    /** Default replacement of masked values. */
    public static final String DEFAULT_MASK = "[REDACTED]";
    /** Default marker appended to cut strings. */
    public static final String DEFAULT_TRUNCATION_MARKER = "...[truncated]";
    /** A CloudWatch Logs event holds at most 256 KiB; keep a margin for Lambda's own framing. */
    public static final int MAX_LINE_BYTES = 256 * 1024 - 2048;

    private static final String COMPONENT = "lambdakit-logging";

    /** Values set through the public builder; null means "not set". */
    public static final class Overrides {
        /** Service name. */
        public String service;
        /** Root level. */
        public Level level;
        /** Levels per logger-name prefix. */
        public final Map<String, Level> prefixLevels = new LinkedHashMap<>();
        /** Extra redaction keys. */
        public final List<String> redactKeys = new ArrayList<>();
        /** Keep the default redaction keys. */
        public Boolean redactDefaults;
        /** Replacement of masked values. */
        public String mask;
        /** Cap of messages and string values. */
        public Integer maxMessageChars;
        /** Marker appended to cut strings. */
        public String truncationMarker;
        /** Buffering on or off. */
        public Boolean buffering;
        /** Highest buffered level. */
        public Level bufferLevel;
        /** Buffer bound. */
        public Integer bufferMaxBytes;
        /** Flush on an ERROR line. */
        public Boolean bufferFlushOnError;
        /** Pretty output. */
        public Boolean devMode;
        /** Output. */
        public LogSink sink;
        /** Receives the output's own reports, one JSON line each. */
        public Consumer<String> warningSink;
    }

    private final String service;
    private final LevelTable levels;
    private final int floor;
    private final Redactor redactor;
    private final int maxMessageChars;
    private final String truncationMarker;
    private final boolean buffering;
    private final int bufferLevel;
    private final int bufferMaxBytes;
    private final boolean bufferFlushOnError;
    private final boolean devMode;
    private final LogSink sink;
    private final Consumer<String> warningSink;
    private final boolean logEvent;
    private final boolean logResponse;
    private final boolean logError;
    private final double samplingRate;
    private final List<String> warnings;

    private LogOutputConfig(Builder b) {
        this.service = b.service;
        this.levels = b.levels;
        this.floor = b.floor;
        this.redactor = b.redactor;
        this.maxMessageChars = b.maxMessageChars;
        this.truncationMarker = b.truncationMarker;
        this.buffering = b.buffering;
        this.bufferLevel = b.bufferLevel;
        this.bufferMaxBytes = b.bufferMaxBytes;
        this.bufferFlushOnError = b.bufferFlushOnError;
        this.devMode = b.devMode;
        this.sink = b.sink;
        this.warningSink = b.warningSink;
        this.logEvent = b.logEvent;
        this.logResponse = b.logResponse;
        this.logError = b.logError;
        this.samplingRate = b.samplingRate;
        this.warnings = List.copyOf(b.warnings);
    }

    private static final class Builder {
        String service;
        LevelTable levels;
        int floor = Levels.TRACE;
        Redactor redactor;
        int maxMessageChars;
        String truncationMarker;
        boolean buffering;
        int bufferLevel;
        int bufferMaxBytes;
        boolean bufferFlushOnError;
        boolean devMode;
        LogSink sink;
        Consumer<String> warningSink;
        boolean logEvent;
        boolean logResponse;
        boolean logError;
        double samplingRate;
        final List<String> warnings = new ArrayList<>();
    }

    /**
     * Resolves settings, failing on the first use of invalid configuration.
     *
     * @param o   builder values
     * @param env the environment
     * @return the settings
     * @throws ConfigurationException listing every invalid value
     */
    public static LogOutputConfig resolveStrict(Overrides o, Environment env) {
        ConfigurationException.Problems problems = ConfigurationException.problems(COMPONENT);
        Builder b = resolve(o, env, problems);
        problems.throwIfAny();
        return new LogOutputConfig(b);
    }

    /**
     * Resolves settings for the process-wide output, which must never fail function init: invalid
     * values fall back to their defaults and are reported in {@link #warnings()}.
     *
     * @param o   builder values
     * @param env the environment
     * @return the settings
     */
    public static LogOutputConfig resolveLenient(Overrides o, Environment env) {
        ConfigurationException.Problems problems = ConfigurationException.problems(COMPONENT);
        Builder b = resolve(o, env, problems);
        try {
            problems.throwIfAny();
        } catch (ConfigurationException e) {
            List<String> w = new ArrayList<>();
            w.add(e.getMessage().replace("\n", " ") + " (defaults used instead)");
            w.addAll(b.warnings);
            b.warnings.clear();
            b.warnings.addAll(w);
        }
        return new LogOutputConfig(b);
    }

    private static Builder resolve(Overrides o, Environment env, ConfigurationException.Problems problems) {
        Builder b = new Builder();
        b.service = o.service != null ? o.service : env.serviceName();

        // ---- levels: builder, then POWERTOOLS_LOG_LEVEL, then AWS_LAMBDA_LOG_LEVEL, then INFO
        int alc = Levels.INVALID;
        Optional<String> alcValue = env.lambdaLogLevel();
        if (alcValue.isPresent()) {
            alc = Levels.parse(alcValue.get());
            if (alc == Levels.INVALID || alc == Levels.OFF) {
                b.warnings.add(Environment.AWS_LAMBDA_LOG_LEVEL + " was '" + alcValue.get()
                        + "', which is not a level Lambda filters by; it is ignored");
                alc = Levels.INVALID;
            }
        }
        int root;
        if (o.level != null) {
            root = Levels.of(o.level);
        } else {
            Optional<String> pt = env.get(LoggingVariables.POWERTOOLS_LOG_LEVEL);
            int parsed = pt.map(Levels::parse).orElse(Levels.INVALID);
            if (pt.isPresent() && parsed == Levels.INVALID) {
                problems.add(LoggingVariables.POWERTOOLS_LOG_LEVEL + " was '" + pt.get()
                        + "' but it must be TRACE, DEBUG, INFO, WARN, ERROR or OFF; fix or unset it");
            }
            root = parsed != Levels.INVALID ? parsed : alc != Levels.INVALID ? alc : Levels.INFO;
        }
        Map<String, Integer> prefixes = new LinkedHashMap<>();
        env.get(LoggingVariables.LAMBDAKIT_LOG_LEVELS).ifPresent(spec -> parsePrefixLevels(spec, prefixes, problems));
        for (Map.Entry<String, Level> e : o.prefixLevels.entrySet()) {
            prefixes.put(e.getKey(), Levels.of(e.getValue()));
        }
        b.levels = new LevelTable(root, prefixes);
        // Lambda drops JSON lines below its application log level; adopt it as a floor so that
        // we never pay for lines nobody will see, and say so once.
        boolean lambdaFilters = alc != Levels.INVALID && !"TEXT".equals(env.lambdaLogFormat().orElse("JSON"));
        if (lambdaFilters) {
            b.floor = alc;
            int lowest = b.levels.lowest();
            if (lowest < alc) {
                b.warnings.add("Current log level (" + Levels.name(lowest) + ") does not match AWS Lambda Advanced Logging Controls"
                        + " minimum log level (" + Levels.name(alc) + "). This can lead to data loss, consider adjusting them:"
                        + " lines below " + Levels.name(alc) + " are not written");
            }
        }

        // ---- redaction
        List<String> keys = new ArrayList<>();
        if (o.redactDefaults == null || o.redactDefaults) {
            keys.addAll(Redactor.DEFAULT_KEYS);
        }
        env.get(LoggingVariables.LAMBDAKIT_LOG_REDACT_KEYS).ifPresent(s -> {
            for (String k : s.split(",")) {
                if (!k.isBlank()) {
                    keys.add(k.trim());
                }
            }
        });
        keys.addAll(o.redactKeys);
        b.redactor = new Redactor(keys, o.mask != null ? o.mask : DEFAULT_MASK);

        // ---- truncation
        if (o.maxMessageChars != null) {
            b.maxMessageChars = o.maxMessageChars;
        } else {
            OptionalInt max = readInt(env, LoggingVariables.LAMBDAKIT_LOG_MAX_MESSAGE_CHARS, problems);
            b.maxMessageChars = max.orElse(DEFAULT_MAX_MESSAGE_CHARS);
            if (b.maxMessageChars < 16) {
                problems.add(LoggingVariables.LAMBDAKIT_LOG_MAX_MESSAGE_CHARS + " was '" + b.maxMessageChars
                        + "' but it must be at least 16; raise it or unset it");
                b.maxMessageChars = DEFAULT_MAX_MESSAGE_CHARS;
            }
        }
        b.truncationMarker = o.truncationMarker != null ? o.truncationMarker : DEFAULT_TRUNCATION_MARKER;

        // ---- buffering
        b.buffering = o.buffering != null ? o.buffering : readBoolean(env, LoggingVariables.LAMBDAKIT_LOG_BUFFER, false, problems);
        if (o.bufferLevel != null) {
            b.bufferLevel = Levels.of(o.bufferLevel);
        } else {
            Optional<String> bl = env.get(LoggingVariables.LAMBDAKIT_LOG_BUFFER_LEVEL);
            int parsed = bl.map(Levels::parse).orElse(Levels.DEBUG);
            if (parsed == Levels.INVALID || parsed > Levels.WARN) {
                problems.add(LoggingVariables.LAMBDAKIT_LOG_BUFFER_LEVEL + " was '" + bl.orElse("") + "' but it must be TRACE, DEBUG, INFO or WARN; fix or unset it");
                parsed = Levels.DEBUG;
            }
            b.bufferLevel = parsed;
        }
        if (o.bufferMaxBytes != null) {
            b.bufferMaxBytes = o.bufferMaxBytes;
        } else {
            int max = readInt(env, LoggingVariables.LAMBDAKIT_LOG_BUFFER_MAX_BYTES, problems).orElse(DEFAULT_BUFFER_MAX_BYTES);
            if (max < 1) {
                problems.add(LoggingVariables.LAMBDAKIT_LOG_BUFFER_MAX_BYTES + " was '" + max + "' but it must be positive; fix or unset it");
                max = DEFAULT_BUFFER_MAX_BYTES;
            }
            b.bufferMaxBytes = max;
        }
        b.bufferFlushOnError = o.bufferFlushOnError != null ? o.bufferFlushOnError
                : readBoolean(env, LoggingVariables.LAMBDAKIT_LOG_BUFFER_FLUSH_ON_ERROR, true, problems);
        if (b.buffering && Math.max(b.levels.lowest(), b.floor) > b.bufferLevel) {
            b.warnings.add("log buffering at " + Levels.name(b.bufferLevel) + " is on but no logger is enabled at "
                    + Levels.name(b.bufferLevel) + " (the lowest level is " + Levels.name(Math.max(b.levels.lowest(), b.floor))
                    + "), so nothing is buffered; set " + LoggingVariables.POWERTOOLS_LOG_LEVEL + "=" + Levels.name(b.bufferLevel));
        }

        // ---- output
        b.devMode = o.devMode != null ? o.devMode : readBoolean(env, Environment.POWERTOOLS_DEV, false, problems);
        b.sink = o.sink != null ? o.sink : LogSink.stdout();
        b.warningSink = o.warningSink != null ? o.warningSink : Diagnostics.standardErrorSink();

        // ---- invocation defaults, used when the annotation or plain-API builder leaves them unset
        b.logEvent = readBoolean(env, LoggingVariables.POWERTOOLS_LOGGER_LOG_EVENT, false, problems);
        b.logResponse = readBoolean(env, LoggingVariables.POWERTOOLS_LOGGER_LOG_RESPONSE, false, problems);
        b.logError = readBoolean(env, LoggingVariables.POWERTOOLS_LOGGER_LOG_ERROR, false, problems);
        double rate = 0;
        try {
            rate = env.getDouble(LoggingVariables.POWERTOOLS_LOGGER_SAMPLE_RATE).orElse(0.0);
            if (!(rate >= 0 && rate <= 1)) {
                problems.add(LoggingVariables.POWERTOOLS_LOGGER_SAMPLE_RATE + " was '" + env.get(LoggingVariables.POWERTOOLS_LOGGER_SAMPLE_RATE).orElse("")
                        + "' but it must be between 0 and 1; fix or unset it");
                rate = 0;
            }
        } catch (ConfigurationException e) {
            e.problems().forEach(problems::add);
        }
        b.samplingRate = rate;
        return b;
    }

    private static void parsePrefixLevels(String spec, Map<String, Integer> into, ConfigurationException.Problems problems) {
        for (String part : spec.split("[,;]")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String prefix = eq < 0 ? "" : part.substring(0, eq).trim();
            int level = eq < 0 ? Levels.INVALID : Levels.parse(part.substring(eq + 1));
            if (prefix.isEmpty() || level == Levels.INVALID) {
                problems.add(LoggingVariables.LAMBDAKIT_LOG_LEVELS + " had '" + part.trim()
                        + "' but each entry must be <logger prefix>=<TRACE|DEBUG|INFO|WARN|ERROR|OFF>, e.g. software.amazon.awssdk=WARN; fix it");
            } else {
                into.put(prefix, level);
            }
        }
    }

    private static boolean readBoolean(Environment env, String name, boolean dflt, ConfigurationException.Problems problems) {
        try {
            return env.getBoolean(name, dflt);
        } catch (ConfigurationException e) {
            e.problems().forEach(problems::add);
            return dflt;
        }
    }

    private static OptionalInt readInt(Environment env, String name, ConfigurationException.Problems problems) {
        try {
            return env.getInt(name);
        } catch (ConfigurationException e) {
            e.problems().forEach(problems::add);
            return OptionalInt.empty();
        }
    }

    /** @return the {@code service} key */
    public String service() {
        return service;
    }

    /** @return configured levels */
    LevelTable levels() {
        return levels;
    }

    /** @return Lambda's application log level when Lambda filters, else TRACE */
    public int floor() {
        return floor;
    }

    /**
     * @param loggerName a logger
     * @return its effective level: its configured level, never below the floor
     */
    public int effectiveLevel(String loggerName) {
        return Math.max(levels.levelFor(loggerName), floor);
    }

    /** @return the redaction rules */
    Redactor redactor() {
        return redactor;
    }

    /** @return cap of messages and string values, in characters */
    public int maxMessageChars() {
        return maxMessageChars;
    }

    /** @return cap of a structured value, in bytes */
    public int maxValueBytes() {
        return Math.max(1024, maxMessageChars * 4);
    }

    /** @return marker appended to cut strings */
    public String truncationMarker() {
        return truncationMarker;
    }

    /** @return true when lines are buffered per invocation */
    public boolean buffering() {
        return buffering;
    }

    /** @return highest buffered level */
    public int bufferLevel() {
        return bufferLevel;
    }

    /** @return buffer bound per invocation */
    public int bufferMaxBytes() {
        return bufferMaxBytes;
    }

    /** @return true when an ERROR line flushes the buffer */
    public boolean bufferFlushOnError() {
        return bufferFlushOnError;
    }

    /** @return true for pretty, multi-line output */
    public boolean devMode() {
        return devMode;
    }

    /** @return where lines go */
    public LogSink sink() {
        return sink;
    }

    /** @return receives the output's own reports (default standard error) */
    public Consumer<String> warningSink() {
        return warningSink;
    }

    /** @return {@code POWERTOOLS_LOGGER_LOG_EVENT} */
    public boolean logEvent() {
        return logEvent;
    }

    /** @return {@code POWERTOOLS_LOGGER_LOG_RESPONSE} */
    public boolean logResponse() {
        return logResponse;
    }

    /** @return {@code POWERTOOLS_LOGGER_LOG_ERROR} */
    public boolean logError() {
        return logError;
    }

    /** @return {@code POWERTOOLS_LOGGER_SAMPLE_RATE}, 0 when unset */
    public double samplingRate() {
        return samplingRate;
    }

    /** @return what to warn about once, at init */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "LogOutputConfig[service=" + service + ", root=" + Levels.name(levels.root()) + ", floor=" + Levels.name(floor)
                + ", buffering=" + buffering + ", devMode=" + devMode + ", redact=" + redactor.keys().size() + " keys"
                + ", maxMessageChars=" + maxMessageChars + "]";
    }
}
