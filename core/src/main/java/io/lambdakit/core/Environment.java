package io.lambdakit.core;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * An immutable snapshot of the process environment: the variables Lambda sets and lambdakit's
 * {@code POWERTOOLS_*} settings. Production code takes it from {@link #system()}, tests build it
 * from a map with {@link #of(Map)}. No other lambdakit class reads the process environment.
 *
 * <p>Blank values are treated as absent, as Lambda users expect ({@code POWERTOOLS_SERVICE_NAME=""}
 * means "not set").
 */
public final class Environment {

    /** Function name. */
    public static final String AWS_LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    /** Function version ({@code $LATEST} or a number). */
    public static final String AWS_LAMBDA_FUNCTION_VERSION = "AWS_LAMBDA_FUNCTION_VERSION";
    /** Configured memory in MB. */
    public static final String AWS_LAMBDA_FUNCTION_MEMORY_SIZE = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    /** Region the function runs in. */
    public static final String AWS_REGION = "AWS_REGION";
    /** Default region for SDKs. */
    public static final String AWS_DEFAULT_REGION = "AWS_DEFAULT_REGION";
    /** on-demand, provisioned-concurrency, snap-start or lambda-managed-instances. */
    public static final String AWS_LAMBDA_INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    /** Lambda's advanced logging controls: minimum application log level. */
    public static final String AWS_LAMBDA_LOG_LEVEL = "AWS_LAMBDA_LOG_LEVEL";
    /** Lambda's advanced logging controls: TEXT or JSON. */
    public static final String AWS_LAMBDA_LOG_FORMAT = "AWS_LAMBDA_LOG_FORMAT";
    /** Log group of the function. */
    public static final String AWS_LAMBDA_LOG_GROUP_NAME = "AWS_LAMBDA_LOG_GROUP_NAME";
    /** Log stream of this execution environment. */
    public static final String AWS_LAMBDA_LOG_STREAM_NAME = "AWS_LAMBDA_LOG_STREAM_NAME";
    /** Trace header at init time; per-invocation headers come from the invocation context. */
    public static final String X_AMZN_TRACE_ID = "_X_AMZN_TRACE_ID";
    /** Set by Lambda: the access key id of the execution role's credentials, read by the SDK clients lambdakit builds. */
    public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    /** Set by Lambda: the secret access key of the execution role's credentials, read by the SDK clients lambdakit builds. */
    public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    /** Set by Lambda ({@code LOG_ERROR}): what the X-Ray SDK does without a segment; lambdakit does not read it, the local runtime sets it as Lambda does. */
    public static final String AWS_XRAY_CONTEXT_MISSING = "AWS_XRAY_CONTEXT_MISSING";
    /** Session token of the function's role; also the token the Parameters and Secrets extension checks. */
    public static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";
    /** Directory of the function's code; set only inside Lambda (or a faithful emulation). */
    public static final String LAMBDA_TASK_ROOT = "LAMBDA_TASK_ROOT";
    /** Runtime identifier, e.g. AWS_Lambda_java21. */
    public static final String AWS_EXECUTION_ENV = "AWS_EXECUTION_ENV";
    /** Handler string, {@code package.Class::method}. */
    public static final String HANDLER = "_HANDLER";
    /** Runtime API host:port. */
    public static final String AWS_LAMBDA_RUNTIME_API = "AWS_LAMBDA_RUNTIME_API";
    /** Maximum concurrent invocations in one environment (Lambda Managed Instances). */
    public static final String AWS_LAMBDA_MAX_CONCURRENCY = "AWS_LAMBDA_MAX_CONCURRENCY";
    /** X-Ray daemon UDP address, host:port. */
    public static final String AWS_XRAY_DAEMON_ADDRESS = "AWS_XRAY_DAEMON_ADDRESS";
    /** Service name used by every module (log key {@code service}, metric dimension {@code Service}). */
    public static final String POWERTOOLS_SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";
    /** Pretty, human output for local runs. */
    public static final String POWERTOOLS_DEV = "POWERTOOLS_DEV";

    /** Service name when none is configured, as in Powertools. */
    public static final String DEFAULT_SERVICE_NAME = "service_undefined";

    private static final Environment EMPTY = new Environment(Map.of());

    private final Map<String, String> values;

    private Environment(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @return a snapshot of this process's environment, taken now
     */
    public static Environment system() {
        return of(System.getenv());
    }

    /**
     * @param variables the variables, e.g. in a test
     * @return a snapshot holding a copy of {@code variables}
     */
    public static Environment of(Map<String, String> variables) {
        TreeMap<String, String> copy = new TreeMap<>();
        variables.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return new Environment(Collections.unmodifiableMap(copy));
    }

    /** @return a snapshot with no variables */
    public static Environment empty() {
        return EMPTY;
    }

    /**
     * @param overrides variables to add or replace
     * @return a new snapshot with {@code overrides} applied over this one
     */
    public Environment with(Map<String, String> overrides) {
        TreeMap<String, String> copy = new TreeMap<>(values);
        copy.putAll(overrides);
        return of(copy);
    }

    /**
     * @param name the variable
     * @return its value, empty when absent or blank
     */
    public Optional<String> get(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /**
     * @param name         the variable
     * @param defaultValue returned when the variable is absent or blank
     * @return the value or {@code defaultValue}
     */
    public String get(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    /**
     * Reads a boolean the way Powertools does: {@code true} (any case) is true, {@code false} is
     * false, anything else is a configuration error.
     *
     * @param name         the variable
     * @param defaultValue when absent or blank
     * @return the value
     * @throws ConfigurationException when the value is neither true nor false
     */
    public boolean getBoolean(String name, boolean defaultValue) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String s = v.get().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        ConfigurationException.problems("environment")
                .add(name + " was '" + v.get() + "' but it must be true or false; fix or unset it")
                .throwIfAny();
        return defaultValue;
    }

    /**
     * @param name the variable
     * @return the value as an int, empty when absent
     * @throws ConfigurationException when present but not an integer
     */
    public OptionalInt getInt(String name) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.get()));
        } catch (NumberFormatException e) {
            ConfigurationException.problems("environment")
                    .add(name + " was '" + v.get() + "' but it must be an integer; fix or unset it")
                    .throwIfAny();
            return OptionalInt.empty();
        }
    }

    /**
     * @param name the variable
     * @return the value as a double, empty when absent
     * @throws ConfigurationException when present but not a number
     */
    public Optional<Double> getDouble(String name) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(v.get()));
        } catch (NumberFormatException e) {
            ConfigurationException.problems("environment")
                    .add(name + " was '" + v.get() + "' but it must be a number; fix or unset it")
                    .throwIfAny();
            return Optional.empty();
        }
    }

    /** @return every variable in the snapshot, sorted by name */
    public Map<String, String> asMap() {
        return values;
    }

    /** @return {@code AWS_LAMBDA_FUNCTION_NAME}, empty outside Lambda */
    public Optional<String> functionName() {
        return get(AWS_LAMBDA_FUNCTION_NAME);
    }

    /** @return {@code AWS_LAMBDA_FUNCTION_VERSION} */
    public Optional<String> functionVersion() {
        return get(AWS_LAMBDA_FUNCTION_VERSION);
    }

    /** @return {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} in MB */
    public OptionalInt functionMemorySizeMb() {
        return getInt(AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
    }

    /** @return {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION} */
    public Optional<String> region() {
        return get(AWS_REGION).or(() -> get(AWS_DEFAULT_REGION));
    }

    /** @return the initialisation type; {@link InitializationType#ON_DEMAND} when unset */
    public InitializationType initializationType() {
        return InitializationType.fromWireName(values.get(AWS_LAMBDA_INITIALIZATION_TYPE));
    }

    /** @return {@code AWS_LAMBDA_LOG_LEVEL} upper-cased, empty when Lambda does not filter */
    public Optional<String> lambdaLogLevel() {
        return get(AWS_LAMBDA_LOG_LEVEL).map(s -> s.toUpperCase(Locale.ROOT));
    }

    /** @return {@code AWS_LAMBDA_LOG_FORMAT} upper-cased (TEXT or JSON) */
    public Optional<String> lambdaLogFormat() {
        return get(AWS_LAMBDA_LOG_FORMAT).map(s -> s.toUpperCase(Locale.ROOT));
    }

    /** @return {@code AWS_LAMBDA_LOG_GROUP_NAME} */
    public Optional<String> logGroupName() {
        return get(AWS_LAMBDA_LOG_GROUP_NAME);
    }

    /** @return {@code AWS_LAMBDA_LOG_STREAM_NAME} */
    public Optional<String> logStreamName() {
        return get(AWS_LAMBDA_LOG_STREAM_NAME);
    }

    /** @return the init-time trace header {@code _X_AMZN_TRACE_ID} */
    public Optional<String> initTraceHeader() {
        return get(X_AMZN_TRACE_ID);
    }

    /** @return {@code AWS_SESSION_TOKEN} */
    public Optional<String> sessionToken() {
        return get(AWS_SESSION_TOKEN);
    }

    /** @return {@code LAMBDA_TASK_ROOT} */
    public Optional<String> taskRoot() {
        return get(LAMBDA_TASK_ROOT);
    }

    /** @return true when running inside Lambda (or a faithful emulation): {@code LAMBDA_TASK_ROOT} or {@code AWS_LAMBDA_RUNTIME_API} is set */
    public boolean isLambda() {
        return taskRoot().isPresent() || get(AWS_LAMBDA_RUNTIME_API).isPresent();
    }

    /** @return {@code AWS_LAMBDA_MAX_CONCURRENCY}, 1 when unset */
    public int maxConcurrency() {
        return getInt(AWS_LAMBDA_MAX_CONCURRENCY).orElse(1);
    }

    /** @return {@code AWS_XRAY_DAEMON_ADDRESS}, default {@code 127.0.0.1:2000} */
    public String xrayDaemonAddress() {
        return get(AWS_XRAY_DAEMON_ADDRESS, "127.0.0.1:2000");
    }

    /** @return {@code POWERTOOLS_SERVICE_NAME}, default {@value #DEFAULT_SERVICE_NAME} */
    public String serviceName() {
        return get(POWERTOOLS_SERVICE_NAME, DEFAULT_SERVICE_NAME);
    }

    /** @return {@code POWERTOOLS_DEV} */
    public boolean devMode() {
        return getBoolean(POWERTOOLS_DEV, false);
    }

    /** Names only: values may be secrets (AWS_SESSION_TOKEN). */
    @Override
    public String toString() {
        return "Environment" + values.keySet();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Environment other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
