package io.lambdakit.logging;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Installation;
import io.lambdakit.logging.internal.LogPipeline;
import io.lambdakit.logging.internal.LogOutputConfig;
import io.lambdakit.logging.internal.LoggerRegistry;
import io.lambdakit.logging.spi.LogSink;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where JSON log lines go and how they are shaped: levels (root and per logger-name prefix),
 * service name, redaction, truncation, per-invocation buffering, dev mode and the sink.
 *
 * <p>{@link #current()} is the output behind SLF4J's {@code LoggerFactory}, configured by the
 * environment alone. To configure it in code, build one and {@link #install(LogOutput)} it at
 * init; loggers already handed out follow. Tests build their own with a capturing sink and a test
 * {@link ExecutionEnvironment} and take loggers from it with {@link #logger(String)}.
 *
 * <pre>{@code
 * LogOutput.install(LogOutput.builder()
 *         .level("software.amazon.awssdk", Level.WARN)
 *         .redactKeys("iban", "ssn")
 *         .buffering(true)
 *         .build());
 * }</pre>
 */
public final class LogOutput {

    private final LogPipeline pipeline;
    private final LoggerRegistry ownLoggers;

    private LogOutput(LogPipeline pipeline, LoggerRegistry ownLoggers) {
        this.pipeline = pipeline;
        this.ownLoggers = ownLoggers;
    }

    /** @return the output SLF4J's loggers write to, created from the environment on first use */
    public static LogOutput current() {
        return new LogOutput(LoggerRegistry.global().pipeline(), LoggerRegistry.global());
    }

    /**
     * Makes {@code output} the one every SLF4J logger writes to, including loggers created before.
     * Call it at init; tests close the returned handle when done:
     * {@code try (Installation i = LogOutput.install(output)) { ... }}.
     *
     * @param output the new output
     * @return closing it puts back the output that was current before, unless another was installed since
     */
    public static Installation install(LogOutput output) {
        Objects.requireNonNull(output, "output");
        return LoggerRegistry.global().install(output.pipeline);
    }

    /** @return a builder; unset options come from the environment, then defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param name a logger name
     * @return a logger writing to this output
     */
    public Logger logger(String name) {
        return ownLoggers.getLogger(name);
    }

    /**
     * @param type a class whose name is the logger's
     * @return a logger writing to this output
     */
    public Logger logger(Class<?> type) {
        return logger(type.getName());
    }

    /**
     * @param loggerName a logger name
     * @param level      a level
     * @return true when that logger writes lines at that level (outside any sampled invocation)
     */
    public boolean isEnabled(String loggerName, Level level) {
        return pipeline.isEnabled(Objects.requireNonNull(level, "level"), loggerName);
    }

    /** @return the {@code service} key */
    public String serviceName() {
        return pipeline.settings().service();
    }

    /** @return the execution environment whose invocations this output describes */
    public ExecutionEnvironment executionEnvironment() {
        return pipeline.executionEnvironment();
    }

    LogPipeline pipeline() {
        return pipeline;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogOutput other && other.pipeline == pipeline;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(pipeline);
    }

    @Override
    public String toString() {
        return "LogOutput" + pipeline.settings();
    }

    /** Builds a {@link LogOutput}. Setters check their argument; {@link #build()} checks the environment. */
    public static final class Builder {
        private final LogOutputConfig.Overrides o = new LogOutputConfig.Overrides();
        private ExecutionEnvironment executionEnvironment;

        private Builder() {
        }

        /**
         * @param ee where invocations are entered and the environment, clock and lifecycle come from
         *           (default {@link ExecutionEnvironment#current()})
         * @return this builder
         */
        public Builder executionEnvironment(ExecutionEnvironment ee) {
            this.executionEnvironment = Objects.requireNonNull(ee, "executionEnvironment");
            return this;
        }

        /**
         * @param sink where lines go (default: standard output)
         * @return this builder
         */
        public Builder sink(LogSink sink) {
            o.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * @param warningSink where this output reports its own problems (a reserved key, a correlation id not
         *                    found, an init warning; a failing sink, counted), one JSON line each with
         *                    {@code timestamp}, {@code level}, {@code message}, {@code logger}, {@code service}
         *                    (default standard error; package-private: the tests' hook, as tracing's and metrics' are)
         * @return this builder
         */
        Builder warningSink(Consumer<String> warningSink) {
            o.warningSink = Objects.requireNonNull(warningSink, "warningSink");
            return this;
        }

        /**
         * @param serviceName the {@code service} key (default {@code POWERTOOLS_SERVICE_NAME}, then {@code service_undefined})
         * @return this builder
         */
        public Builder serviceName(String serviceName) {
            require(serviceName != null && !serviceName.isBlank(), "serviceName must not be blank");
            o.service = serviceName;
            return this;
        }

        /**
         * @param level the root level (default {@code POWERTOOLS_LOG_LEVEL}, then {@code AWS_LAMBDA_LOG_LEVEL}, then INFO)
         * @return this builder
         */
        public Builder level(Level level) {
            o.level = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @param loggerPrefix a logger name or package, e.g. {@code software.amazon.awssdk}
         * @param level        the level of the loggers under it
         * @return this builder
         */
        public Builder level(String loggerPrefix, Level level) {
            require(loggerPrefix != null && !loggerPrefix.isBlank(), "loggerPrefix must not be blank");
            o.prefixLevels.put(loggerPrefix.trim(), Objects.requireNonNull(level, "level"));
            return this;
        }

        /**
         * @param keys extra keys whose values are masked wherever they appear (added to the defaults
         *             and to {@code LAMBDAKIT_LOG_REDACT_KEYS})
         * @return this builder
         */
        public Builder redactKeys(String... keys) {
            for (String k : keys) {
                require(k != null && !k.isBlank(), "redaction keys must not be blank, got " + Arrays.toString(keys));
                o.redactKeys.add(k);
            }
            return this;
        }

        /**
         * @param enabled keep the default redaction keys (password, secret, token, authorization, ...); default true
         * @return this builder
         */
        public Builder redactDefaultKeys(boolean enabled) {
            o.redactDefaults = enabled;
            return this;
        }

        /**
         * @param mask what replaces a masked value (default {@code [REDACTED]})
         * @return this builder
         */
        public Builder redactionMask(String mask) {
            o.mask = Objects.requireNonNull(mask, "mask");
            return this;
        }

        /**
         * @param maxChars cap of the message and of every string value, in characters (default 16384, at least 16)
         * @return this builder
         */
        public Builder maxMessageChars(int maxChars) {
            require(maxChars >= 16, "maxMessageChars was " + maxChars + " but it must be at least 16");
            o.maxMessageChars = maxChars;
            return this;
        }

        /**
         * @param marker appended inside a string that was cut (default {@code ...[truncated]})
         * @return this builder
         */
        public Builder truncationMarker(String marker) {
            o.truncationMarker = Objects.requireNonNull(marker, "marker");
            return this;
        }

        /**
         * @param enabled buffer low-level lines per invocation (default {@code LAMBDAKIT_LOG_BUFFER}, then off)
         * @return this builder
         */
        public Builder buffering(boolean enabled) {
            o.buffering = enabled;
            return this;
        }

        /**
         * @param level the highest buffered level, TRACE to WARN (default DEBUG)
         * @return this builder
         */
        public Builder bufferAtLevel(Level level) {
            require(level != Level.ERROR, "bufferAtLevel was ERROR but it must be TRACE, DEBUG, INFO or WARN: ERROR lines flush the buffer");
            o.bufferLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @param maxBytes the buffer's bound per invocation; the oldest lines are evicted beyond it (default 20480)
         * @return this builder
         */
        public Builder bufferMaxBytes(int maxBytes) {
            require(maxBytes > 0, "bufferMaxBytes was " + maxBytes + " but it must be positive");
            o.bufferMaxBytes = maxBytes;
            return this;
        }

        /**
         * @param enabled write the buffer when an ERROR line is logged (default true)
         * @return this builder
         */
        public Builder flushBufferOnError(boolean enabled) {
            o.bufferFlushOnError = enabled;
            return this;
        }

        /**
         * @param enabled pretty-print lines for local runs (default {@code POWERTOOLS_DEV}, then off)
         * @return this builder
         */
        public Builder devMode(boolean enabled) {
            o.devMode = enabled;
            return this;
        }

        /**
         * @return the output; registers its SnapStart hooks and writes its init warnings
         * @throws ConfigurationException listing every invalid environment variable
         */
        public LogOutput build() {
            ExecutionEnvironment ee = executionEnvironment != null ? executionEnvironment : ExecutionEnvironment.current();
            LogPipeline p = LogPipeline.create(LogOutputConfig.resolveStrict(o, ee.environment()), ee);
            return new LogOutput(p, LoggerRegistry.of(p));
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
