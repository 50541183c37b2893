package io.lambdakit.logging.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * What one handler asks of the logging engine, converted once from the {@code @Logging}
 * annotation or the plain API's builder. Unset options (null) fall back to the pipeline's
 * environment defaults at run time, so a config never goes stale when the output changes.
 * Immutable.
 */
public final class LoggingConfig {

    private static final String COMPONENT = "lambdakit-logging";

    private static final class Jmes {
        static final JacksonRuntime RUNTIME = new JacksonRuntime(
                RuntimeConfiguration.builder().withSilentTypeErrors(true).build(), Json.mapper());
    }

    private final Boolean logEvent;
    private final Boolean logResponse;
    private final Boolean logError;
    private final Double samplingRate;
    private final String correlationIdPath;
    private final Expression<JsonNode> correlation;
    private final boolean flushBufferOnUncaughtError;
    private final boolean clearState;
    private final String loggerName;

    private LoggingConfig(Boolean logEvent, Boolean logResponse, Boolean logError, Double samplingRate,
                          String correlationIdPath, Expression<JsonNode> correlation, boolean flushBufferOnUncaughtError,
                          boolean clearState, String loggerName) {
        this.logEvent = logEvent;
        this.logResponse = logResponse;
        this.logError = logError;
        this.samplingRate = samplingRate;
        this.correlationIdPath = correlationIdPath;
        this.correlation = correlation;
        this.flushBufferOnUncaughtError = flushBufferOnUncaughtError;
        this.clearState = clearState;
        this.loggerName = loggerName;
    }

    /**
     * Builds a config from what the plain API's builder (or the annotation, converted into that
     * builder) was given, checking every option.
     *
     * @param logEvent                   log the event, or null for the environment default
     * @param logResponse                log the response, or null
     * @param logError                   log an uncaught exception, or null
     * @param samplingRate               DEBUG probability, or null
     * @param correlationIdPath          JMESPath into the event, or null/blank for none
     * @param flushBufferOnUncaughtError flush buffered lines when the handler fails
     * @param clearState                 clear the whole MDC after each invocation (it is always restored)
     * @param loggerName                 logger name of the engine's own lines (the handler class)
     * @return the config
     * @throws ConfigurationException listing every invalid option
     */
    public static LoggingConfig of(Boolean logEvent, Boolean logResponse, Boolean logError, Double samplingRate,
                                   String correlationIdPath, boolean flushBufferOnUncaughtError, boolean clearState,
                                   String loggerName) {
        List<String> found = new ArrayList<>();
        Double rate = samplingRate;
        if (rate != null && !(rate >= 0 && rate <= 1)) {
            found.add("samplingRate was '" + rate + "' but it must be between 0 and 1; fix it on @Logging or LambdaLogging.builder().samplingRate(..)");
            rate = null;
        }
        String path = correlationIdPath == null || correlationIdPath.isBlank() ? null : correlationIdPath.trim();
        Expression<JsonNode> expr = null;
        if (path != null) {
            try {
                expr = Jmes.RUNTIME.compile(path);
            } catch (RuntimeException e) {
                found.add("correlationIdPath was '" + path + "' but it is not a valid JMESPath expression (" + e.getMessage()
                        + "); fix it or use a CorrelationIdPaths constant");
                path = null;
            }
        }
        if (!found.isEmpty()) {
            ConfigurationException.Problems p = ConfigurationException.problems(COMPONENT);
            found.forEach(p::add);
            p.throwIfAny();
        }
        String name = loggerName == null || loggerName.isBlank() ? LogPipeline.OWN_LOGGER : loggerName;
        return new LoggingConfig(logEvent, logResponse, logError, rate, path, expr, flushBufferOnUncaughtError, clearState, name);
    }

    /**
     * @param s the pipeline's settings
     * @return whether to log the event
     */
    public boolean logEvent(LogOutputConfig s) {
        return logEvent != null ? logEvent : s.logEvent();
    }

    /**
     * @param s the pipeline's settings
     * @return whether to log the response
     */
    public boolean logResponse(LogOutputConfig s) {
        return logResponse != null ? logResponse : s.logResponse();
    }

    /**
     * @param s the pipeline's settings
     * @return whether to log an uncaught exception
     */
    public boolean logError(LogOutputConfig s) {
        return logError != null ? logError : s.logError();
    }

    /**
     * @param s the pipeline's settings
     * @return the sampling rate in effect
     */
    public double samplingRate(LogOutputConfig s) {
        return samplingRate != null ? samplingRate : s.samplingRate();
    }

    /** @return the compiled correlation-id expression, or null */
    public Expression<JsonNode> correlation() {
        return correlation;
    }

    /** @return the correlation-id path as given, or null */
    public String correlationIdPath() {
        return correlationIdPath;
    }

    /** @return flush buffered lines when the handler fails */
    public boolean flushBufferOnUncaughtError() {
        return flushBufferOnUncaughtError;
    }

    /** @return clear the MDC entirely after each invocation */
    public boolean clearState() {
        return clearState;
    }

    /** @return the logger name of the engine's own lines */
    public String loggerName() {
        return loggerName;
    }
}
