package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ThrowingSupplier;
import io.lambdakit.core.spi.Throwables;
import io.lambdakit.logging.internal.LogPipeline;
import io.lambdakit.logging.internal.LoggerRegistry;
import io.lambdakit.logging.internal.LoggingConfig;
import io.lambdakit.logging.internal.LoggingEngine;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Structured logging around a handler without AspectJ; the same engine as {@link Logging @Logging}.
 *
 * <pre>{@code
 * private static final LambdaLogging LOGGING = LambdaLogging.builder()
 *         .logEvent(true)
 *         .correlationIdPath(CorrelationIdPaths.API_GATEWAY_REST)
 *         .build();
 *
 * public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
 *     return LOGGING.execute(context, event, () -> process(event));
 * }
 * }</pre>
 *
 * <p>Or, with options from the environment only: {@code LambdaLogging.create()}.
 * During the invocation every line logged on this thread (and on threads running tasks wrapped with
 * {@code InvocationContext.wrap}) carries the Lambda context keys. Afterwards the MDC is as it was
 * before, sampling is off and buffered lines are dropped (or written, when the handler failed).
 * Exceptions thrown by the body propagate unchanged. Thread-safe: one instance serves concurrent
 * invocations.
 */
public final class LambdaLogging {

    private final LoggingConfig config;
    private final LogOutput output;

    private LambdaLogging(LoggingConfig config, LogOutput output) {
        this.config = config;
        this.output = output;
    }

    /** @return a builder; unset options come from the environment ({@code POWERTOOLS_LOGGER_*}), then off */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return an instance with every option from the environment, writing to {@link LogOutput#current()}
     *         (same as {@code builder().build()})
     */
    public static LambdaLogging create() {
        return builder().build();
    }

    /**
     * Runs {@code body} as one logged invocation.
     *
     * @param context the Lambda context
     * @param body    the handler's work; whatever it throws propagates unchanged
     * @param <T>     its result type
     * @return what {@code body} returns
     */
    public <T> T execute(Context context, ThrowingSupplier<T> body) {
        return execute(context, null, body);
    }

    /**
     * Runs {@code body} as one logged invocation.
     *
     * @param context the Lambda context
     * @param event   the event, for logEvent and the correlation id
     * @param body    the handler's work; whatever it throws, checked or not, propagates unchanged
     * @param <T>     its result type
     * @return what {@code body} returns
     */
    public <T> T execute(Context context, Object event, ThrowingSupplier<T> body) {
        Objects.requireNonNull(body, "body");
        try {
            return LoggingEngine.run(config, pipeline(), context, event, body);
        } catch (Throwable t) {
            throw Throwables.sneakyThrow(t);
        }
    }

    /**
     * Runs a stream handler's body. When the event is logged or searched for a correlation id,
     * the input is read here and {@code body} gets a stream over the same bytes; when the response
     * is logged, what {@code body} writes passes through and a bounded copy is logged.
     *
     * @param input   the handler's input
     * @param output  the handler's output
     * @param context the Lambda context
     * @param body    the handler's work; whatever it throws (or a failure reading the input) propagates unchanged
     */
    public void executeStream(InputStream input, OutputStream output, Context context, StreamHandler body) {
        Objects.requireNonNull(body, "body");
        try {
            LoggingEngine.runStream(config, pipeline(), context, input, output, new LoggingEngine.StreamBody() {
                @Override
                public Object proceed(InputStream in, OutputStream out) throws Throwable {
                    body.handle(in, out);
                    return null;
                }
            });
        } catch (Throwable t) {
            throw Throwables.sneakyThrow(t);
        }
    }

    /** The body of a stream handler. */
    @FunctionalInterface
    public interface StreamHandler {
        /**
         * @param input  the input, readable from its start
         * @param output the output
         * @throws Throwable whatever the handler throws; it propagates unchanged
         */
        void handle(InputStream input, OutputStream output) throws Throwable;
    }

    /** @return the correlation id of the invocation this thread is in, if one was found or set */
    public static Optional<String> correlationId() {
        return Optional.ofNullable(LoggingEngine.correlationId());
    }

    /**
     * Sets the {@code correlation_id} of the rest of the current invocation's lines.
     *
     * @param id the correlation id, or null to remove it
     * @return false when this thread is not inside an invocation run by lambdakit-logging (nothing is set)
     */
    public static boolean setCorrelationId(String id) {
        return LoggingEngine.setCorrelationId(id);
    }

    /** Writes the current invocation's buffered lines now (no-op without buffering or outside an invocation). */
    public static void flushBuffer() {
        LoggingEngine.flushBuffer();
    }

    /** Drops the current invocation's buffered lines. */
    public static void clearBuffer() {
        LoggingEngine.clearBuffer();
    }

    private LogPipeline pipeline() {
        return output != null ? output.pipeline() : LoggerRegistry.global().pipeline();
    }

    /** Builds a {@link LambdaLogging}; validated in {@link #build()}. */
    public static final class Builder {
        private Boolean logEvent;
        private Boolean logResponse;
        private Boolean logError;
        private Double samplingRate;
        private String correlationIdPath;
        private boolean flushBufferOnUncaughtError = true;
        private boolean clearState;
        private String loggerName;
        private LogOutput output;

        private Builder() {
        }

        /**
         * @param enabled log the event at INFO as {@code "Handler Event"} (default {@code POWERTOOLS_LOGGER_LOG_EVENT}, then off)
         * @return this builder
         */
        public Builder logEvent(boolean enabled) {
            this.logEvent = enabled;
            return this;
        }

        /**
         * @param enabled log the result at INFO as {@code "Handler Response"} (default {@code POWERTOOLS_LOGGER_LOG_RESPONSE}, then off)
         * @return this builder
         */
        public Builder logResponse(boolean enabled) {
            this.logResponse = enabled;
            return this;
        }

        /**
         * @param enabled log an uncaught exception at ERROR before rethrowing it (default {@code POWERTOOLS_LOGGER_LOG_ERROR}, then off)
         * @return this builder
         */
        public Builder logError(boolean enabled) {
            this.logError = enabled;
            return this;
        }

        /**
         * @param rate probability in [0, 1] that an invocation logs at DEBUG (default {@code POWERTOOLS_LOGGER_SAMPLE_RATE}, then 0)
         * @return this builder
         */
        public Builder samplingRate(double rate) {
            this.samplingRate = rate;
            return this;
        }

        /**
         * @param path JMESPath into the event whose result becomes {@code correlation_id}; see {@link CorrelationIdPaths}
         * @return this builder
         */
        public Builder correlationIdPath(String path) {
            this.correlationIdPath = path;
            return this;
        }

        /**
         * @param enabled write buffered lines when the body throws (default true); otherwise they are dropped
         * @return this builder
         */
        public Builder flushBufferOnUncaughtError(boolean enabled) {
            this.flushBufferOnUncaughtError = enabled;
            return this;
        }

        /**
         * @param enabled clear the whole MDC after each invocation, init-time entries included
         *                (default false: the MDC is restored to what it was before the invocation)
         * @return this builder
         */
        public Builder clearState(boolean enabled) {
            this.clearState = enabled;
            return this;
        }

        /**
         * @param handlerClass the class whose name is the {@code logger} of the event, response and error lines
         *                     (default {@code io.lambdakit.logging})
         * @return this builder
         */
        public Builder logger(Class<?> handlerClass) {
            this.loggerName = handlerClass.getName();
            return this;
        }

        /**
         * @param output where lines go (default: {@link LogOutput#current()}, looked up at each invocation)
         * @return this builder
         */
        public Builder output(LogOutput output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * @return the configured instance
         * @throws ConfigurationException when the sampling rate or the correlation-id path is invalid
         */
        public LambdaLogging build() {
            return new LambdaLogging(LoggingConfig.of(logEvent, logResponse, logError, samplingRate, correlationIdPath,
                    flushBufferOnUncaughtError, clearState, loggerName), output);
        }
    }
}
