package io.lambdakit.logging.internal;

/**
 * Every environment variable lambdakit-logging reads, each constant named exactly like its
 * variable; only {@link LogOutputConfig} reads them (through core's {@code Environment}). Core's
 * shared ones ({@code POWERTOOLS_SERVICE_NAME}, {@code POWERTOOLS_DEV}, {@code AWS_LAMBDA_LOG_LEVEL},
 * {@code AWS_LAMBDA_LOG_FORMAT}) are constants of {@code io.lambdakit.core.Environment}. Defaults
 * and meanings: docs/configuration.md.
 */
final class LoggingVariables {

    /** Root log level; Powertools name. */
    static final String POWERTOOLS_LOG_LEVEL = "POWERTOOLS_LOG_LEVEL";
    /** Probability of DEBUG for an invocation; Powertools name. */
    static final String POWERTOOLS_LOGGER_SAMPLE_RATE = "POWERTOOLS_LOGGER_SAMPLE_RATE";
    /** Log the event; Powertools name. */
    static final String POWERTOOLS_LOGGER_LOG_EVENT = "POWERTOOLS_LOGGER_LOG_EVENT";
    /** Log the response; Powertools name. */
    static final String POWERTOOLS_LOGGER_LOG_RESPONSE = "POWERTOOLS_LOGGER_LOG_RESPONSE";
    /** Log an uncaught exception; Powertools name. */
    static final String POWERTOOLS_LOGGER_LOG_ERROR = "POWERTOOLS_LOGGER_LOG_ERROR";
    /** Levels per logger-name prefix: {@code com.acme=DEBUG,software.amazon.awssdk=WARN}. */
    static final String LAMBDAKIT_LOG_LEVELS = "LAMBDAKIT_LOG_LEVELS";
    /** Extra keys to mask, comma-separated. */
    static final String LAMBDAKIT_LOG_REDACT_KEYS = "LAMBDAKIT_LOG_REDACT_KEYS";
    /** Maximum characters of a message or string value. */
    static final String LAMBDAKIT_LOG_MAX_MESSAGE_CHARS = "LAMBDAKIT_LOG_MAX_MESSAGE_CHARS";
    /** Turns log buffering on. */
    static final String LAMBDAKIT_LOG_BUFFER = "LAMBDAKIT_LOG_BUFFER";
    /** Highest level that is buffered. */
    static final String LAMBDAKIT_LOG_BUFFER_LEVEL = "LAMBDAKIT_LOG_BUFFER_LEVEL";
    /** Buffer bound per invocation, in bytes. */
    static final String LAMBDAKIT_LOG_BUFFER_MAX_BYTES = "LAMBDAKIT_LOG_BUFFER_MAX_BYTES";
    /** Flush the buffer when an ERROR line is logged. */
    static final String LAMBDAKIT_LOG_BUFFER_FLUSH_ON_ERROR = "LAMBDAKIT_LOG_BUFFER_FLUSH_ON_ERROR";

    private LoggingVariables() {
    }
}
