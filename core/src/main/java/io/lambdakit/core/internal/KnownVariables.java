package io.lambdakit.core.internal;

import io.lambdakit.core.Environment;

import java.util.HashSet;

/**
 * Every environment variable any lambdakit module reads, in one list core can see: core cannot see the
 * other modules' {@code internal.<Feature>Variables} classes, so their names are repeated here, and the
 * architecture tests fail the build when this list and the union of those classes' constants and
 * {@link Environment}'s differ (a variable added to a module must be added here too). {@link VariableNameCheck}
 * compares the process environment's names with it. It holds no {@code String} constant (only the arrays),
 * so the rules that read every {@code *Variables} class's constants see nothing here to check twice.
 */
final class KnownVariables {

    /** The variables Lambda sets: never reported, and not candidates for "did you mean" (users do not type them). */
    private static final String[] SET_BY_LAMBDA = {
        Environment.AWS_LAMBDA_FUNCTION_NAME,
        Environment.AWS_LAMBDA_FUNCTION_VERSION,
        Environment.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
        Environment.AWS_REGION,
        Environment.AWS_DEFAULT_REGION,
        Environment.AWS_LAMBDA_INITIALIZATION_TYPE,
        Environment.AWS_LAMBDA_LOG_LEVEL,
        Environment.AWS_LAMBDA_LOG_FORMAT,
        Environment.AWS_LAMBDA_LOG_GROUP_NAME,
        Environment.AWS_LAMBDA_LOG_STREAM_NAME,
        Environment.X_AMZN_TRACE_ID,
        Environment.AWS_ACCESS_KEY_ID,
        Environment.AWS_SECRET_ACCESS_KEY,
        Environment.AWS_XRAY_CONTEXT_MISSING,
        Environment.AWS_SESSION_TOKEN,
        Environment.LAMBDA_TASK_ROOT,
        Environment.AWS_EXECUTION_ENV,
        Environment.HANDLER,
        Environment.AWS_LAMBDA_RUNTIME_API,
        Environment.AWS_LAMBDA_MAX_CONCURRENCY,
        Environment.AWS_XRAY_DAEMON_ADDRESS,
    };

    /** The variables users set, each module's in the order of its {@code *Variables} class. */
    private static final String[] SET_BY_USERS = {
        // core (Environment)
        Environment.POWERTOOLS_SERVICE_NAME,
        Environment.POWERTOOLS_DEV,
        // lambdakit-logging (LoggingVariables)
        "POWERTOOLS_LOG_LEVEL",
        "POWERTOOLS_LOGGER_SAMPLE_RATE",
        "POWERTOOLS_LOGGER_LOG_EVENT",
        "POWERTOOLS_LOGGER_LOG_RESPONSE",
        "POWERTOOLS_LOGGER_LOG_ERROR",
        "LAMBDAKIT_LOG_LEVELS",
        "LAMBDAKIT_LOG_REDACT_KEYS",
        "LAMBDAKIT_LOG_MAX_MESSAGE_CHARS",
        "LAMBDAKIT_LOG_BUFFER",
        "LAMBDAKIT_LOG_BUFFER_LEVEL",
        "LAMBDAKIT_LOG_BUFFER_MAX_BYTES",
        "LAMBDAKIT_LOG_BUFFER_FLUSH_ON_ERROR",
        // lambdakit-tracing (TracingVariables)
        "POWERTOOLS_TRACER_CAPTURE_RESPONSE",
        "POWERTOOLS_TRACER_CAPTURE_ERROR",
        "POWERTOOLS_TRACE_DISABLED",
        // lambdakit-metrics (MetricsVariables)
        "POWERTOOLS_METRICS_NAMESPACE",
        "POWERTOOLS_METRICS_FUNCTION_NAME",
        "POWERTOOLS_METRICS_DISABLED",
        // lambdakit-idempotency (IdempotencyVariables)
        "POWERTOOLS_IDEMPOTENCY_DISABLED",
        "LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK",
        // lambdakit-batch (BatchVariables)
        "LAMBDAKIT_BATCH_PARALLELISM",
        "LAMBDAKIT_BATCH_DEADLINE_MARGIN_MS",
        "LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE",
        // lambdakit-secrets (SecretsVariables)
        "LAMBDAKIT_SECRETS_PROVIDER",
        "POWERTOOLS_PARAMETERS_MAX_AGE",
        "POWERTOOLS_PARAMETERS_SSM_DECRYPT",
        "LAMBDAKIT_SECRETS_MAX_STALENESS_SECONDS",
        "LAMBDAKIT_SECRETS_FALLBACK_TO_SDK",
        "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT",
        "LAMBDAKIT_SECRETS_EXTENSION_CONNECT_TIMEOUT_MS",
        "LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MS",
    };

    private static final HashSet<String> ALL = all();
    private static final int LONGEST_USER_SET = longest(SET_BY_USERS);

    private KnownVariables() {
    }

    private static HashSet<String> all() {
        HashSet<String> all = new HashSet<>(2 * (SET_BY_LAMBDA.length + SET_BY_USERS.length));
        for (String name : SET_BY_LAMBDA) {
            all.add(name);
        }
        for (String name : SET_BY_USERS) {
            all.add(name);
        }
        return all;
    }

    private static int longest(String[] names) {
        int longest = 0;
        for (String name : names) {
            longest = Math.max(longest, name.length());
        }
        return longest;
    }

    /**
     * @param name a variable name
     * @return true when a lambdakit module reads it (exact, case-sensitive, as the environment is)
     */
    static boolean contains(String name) {
        return ALL.contains(name);
    }

    /** @return the length of the longest name users set */
    static int longestUserSet() {
        return LONGEST_USER_SET;
    }

    /** @return the number of variables users set, for {@link #userSet(int)} */
    static int userSetCount() {
        return SET_BY_USERS.length;
    }

    /**
     * @param index from 0 to {@link #userSetCount()} (excluded)
     * @return that variable users set
     */
    static String userSet(int index) {
        return SET_BY_USERS[index];
    }
}
