package io.lambdakit.metrics.internal;

import io.lambdakit.core.spi.Utf8;
import io.lambdakit.metrics.MetricsValidationException;

import java.time.Duration;
import java.util.Set;

/**
 * The rules CloudWatch and the EMF specification put on names, values and timestamps. Each rule has a
 * {@code ...Problem} form returning a message (or null when valid), used to collect configuration problems,
 * and a {@code require...} form throwing {@link MetricsValidationException} at the call.
 */
public final class Validation {

    /** Most metrics in one EMF blob (MetricDirective.Metrics). */
    public static final int MAX_METRICS_PER_BLOB = 100;
    /** Most values of one metric in one EMF blob (numeric array target). */
    public static final int MAX_VALUES_PER_METRIC = 100;
    /** Most dimension keys in one EMF dimension set. */
    public static final int MAX_DIMENSIONS_PER_SET = 30;
    /** Longest namespace CloudWatch accepts. */
    public static final int MAX_NAMESPACE_LENGTH = 255;
    /** Longest metric name the EMF specification accepts. */
    public static final int MAX_METRIC_NAME_LENGTH = 1024;
    /** Longest dimension key the EMF specification accepts. */
    public static final int MAX_DIMENSION_KEY_LENGTH = 250;
    /** Longest dimension value the EMF specification accepts. */
    public static final int MAX_DIMENSION_VALUE_LENGTH = 1024;
    /** Longest metadata key we accept (same bound as metric names). */
    public static final int MAX_METADATA_KEY_LENGTH = 1024;
    /** Oldest timestamp CloudWatch accepts for a metric. */
    public static final Duration MAX_TIMESTAMP_AGE = Duration.ofDays(14);
    /** Furthest future timestamp CloudWatch accepts for a metric. */
    public static final Duration MAX_TIMESTAMP_AHEAD = Duration.ofHours(2);
    /**
     * Smallest magnitude of a non-zero metric value CloudWatch accepts: 8.515920e-109, about 2^-359 (the
     * PutMetricData reference gives this base-10 range; its newer wording "-2^360 to 2^360" is wider, so this
     * bound satisfies both).
     */
    public static final double MIN_VALUE_MAGNITUDE = 8.515920e-109;
    /** Largest magnitude of a metric value CloudWatch accepts: 1.174271e+108, about 2^359 (see {@link #MIN_VALUE_MAGNITUDE}). */
    public static final double MAX_VALUE_MAGNITUDE = 1.174271e+108;
    /**
     * Largest EMF blob, in bytes of UTF-8 JSON: one CloudWatch Logs event. A PutLogEvents batch holds at most
     * 1,048,576 bytes, counting 26 bytes per event besides its message, so an event of at most 1 MiB - 26 bytes
     * always fits.
     */
    public static final int MAX_BLOB_BYTES = 1_048_576 - 26;
    /**
     * Room kept in every blob for what is not the invocation's own metadata and dimensions: the {@code _aws}
     * framing, namespace, timestamp, the default dimensions (at most 30 keys of 250 characters with values of
     * 1024), the request, trace and tenant ids, and one metric with one value (a 1024-character name written
     * twice, 6 bytes per escaped character at worst).
     */
    public static final int RESERVED_BLOB_BYTES = 64 * 1024;
    /**
     * Most bytes the metadata and dimensions of one invocation may take in a blob. Every blob of the
     * invocation repeats them, so they cannot be split across blobs; past this, metrics would not fit.
     */
    public static final int MAX_METADATA_AND_DIMENSION_BYTES = MAX_BLOB_BYTES - RESERVED_BLOB_BYTES;

    /** Root member holding the EMF metadata. */
    public static final String AWS_KEY = "_aws";
    /** Root member with the invocation's request id (as Powertools writes it). */
    public static final String REQUEST_ID_KEY = "function_request_id";
    /** Root member with the invocation's X-Ray trace id (as Powertools writes it). */
    public static final String TRACE_ID_KEY = "xray_trace_id";
    /** Root member (and optional dimension) with the invocation's tenant id. */
    public static final String TENANT_ID_KEY = "tenant_id";

    private static final Set<String> RESERVED = Set.of(AWS_KEY, REQUEST_ID_KEY, TRACE_ID_KEY, TENANT_ID_KEY);

    private Validation() {
    }

    /**
     * @param key a root member name
     * @return true when lambdakit writes that member itself
     */
    public static boolean isReserved(String key) {
        return RESERVED.contains(key);
    }

    // ---- namespace ----

    /**
     * CloudWatch namespaces: 1 to 255 characters from {@code A-Z a-z 0-9 . - _ / # :} and space, at least one
     * of them not a space, not starting with {@code :} (CloudWatch's pattern is {@code [^:].*}) nor with the
     * reserved {@code AWS/}.
     *
     * @param namespace a namespace
     * @return what is wrong with it, or null when it is valid
     */
    public static String namespaceProblem(String namespace) {
        if (namespace == null || namespace.isBlank()) {
            return "must not be blank";
        }
        if (namespace.length() > MAX_NAMESPACE_LENGTH) {
            return "is " + namespace.length() + " characters long but must be at most " + MAX_NAMESPACE_LENGTH;
        }
        for (int i = 0; i < namespace.length(); i++) {
            char c = namespace.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == '/' || c == '#' || c == ':' || c == ' ';
            if (!ok) {
                return "contains '" + printable(c) + "' at index " + i + "; only letters, digits, space and . - _ / # : are allowed";
            }
        }
        if (namespace.charAt(0) == ':') {
            return "starts with ':', which CloudWatch does not allow at the start of a namespace";
        }
        if (namespace.startsWith("AWS/")) {
            return "starts with 'AWS/', which CloudWatch reserves for AWS services";
        }
        return null;
    }

    /**
     * @param namespace a namespace
     * @return the namespace
     * @throws MetricsValidationException when CloudWatch would reject it
     */
    public static String requireNamespace(String namespace) {
        String p = namespaceProblem(namespace);
        if (p != null) {
            throw new MetricsValidationException("namespace", "namespace '" + namespace + "' " + p);
        }
        return namespace;
    }

    // ---- metric names and values ----

    /**
     * @param name a metric name
     * @return what is wrong with it, or null when it is valid
     */
    public static String metricNameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "metric name '" + name + "' is blank; give every metric a non-blank name";
        }
        if (name.length() > MAX_METRIC_NAME_LENGTH) {
            return "metric name '" + abbreviate(name) + "' is " + name.length() + " characters long but must be at most " + MAX_METRIC_NAME_LENGTH;
        }
        int terminator = firstLineTerminator(name);
        if (terminator >= 0) {
            return "metric name '" + abbreviate(name) + "' contains the line terminator " + printable(name.charAt(terminator))
                    + " at index " + terminator + ", which the EMF specification does not allow in a metric name (pattern ^(.*)$); remove it";
        }
        int lone = firstLoneSurrogate(name);
        if (lone >= 0) {
            return "metric name '" + abbreviate(name) + "' contains an unpaired surrogate (" + printable(name.charAt(lone))
                    + ") at index " + lone + ", which is no Unicode character and would be written as U+FFFD, so two such"
                    + " names could collide in one blob; pass well-formed text";
        }
        if (isReserved(name)) {
            return "metric name '" + name + "' is reserved (lambdakit writes that member itself); choose another name";
        }
        return null;
    }

    /**
     * @param name a metric name
     * @throws MetricsValidationException when it is blank, too long or reserved
     */
    public static void requireMetricName(String name) {
        String p = metricNameProblem(name);
        if (p != null) {
            throw new MetricsValidationException("metric name", p);
        }
    }

    /**
     * @param name  the metric's name, for the message
     * @param value a metric value
     * @throws MetricsValidationException for NaN and infinities, which EMF cannot carry, and for values CloudWatch
     *                                    rejects as too small or too large: a non-zero magnitude below
     *                                    {@link #MIN_VALUE_MAGNITUDE} or above {@link #MAX_VALUE_MAGNITUDE}
     */
    public static void requireValue(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new MetricsValidationException("metric '" + name + "'", "metric '" + name + "' has value " + value
                    + " but EMF values must be finite numbers; skip the value or record a sentinel such as 0");
        }
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude < MIN_VALUE_MAGNITUDE || magnitude > MAX_VALUE_MAGNITUDE)) {
            throw new MetricsValidationException("metric '" + name + "'", "metric '" + name + "' has value " + value
                    + " but CloudWatch rejects values that are too small or too large: a value must be 0 or have a magnitude from "
                    + MIN_VALUE_MAGNITUDE + " to " + MAX_VALUE_MAGNITUDE + "; record it in another unit, or round it to 0");
        }
    }

    // ---- dimensions ----

    /**
     * Dimension keys: non-blank, at most 250 printable ASCII characters, not starting with {@code :}, not reserved.
     *
     * @param key a dimension key
     * @return what is wrong with it, or null when it is valid
     */
    public static String dimensionKeyProblem(String key) {
        if (key == null || key.isBlank()) {
            return "dimension key '" + key + "' is blank; dimension keys must have at least one visible character";
        }
        if (key.length() > MAX_DIMENSION_KEY_LENGTH) {
            return "dimension key '" + abbreviate(key) + "' is " + key.length() + " characters long but must be at most " + MAX_DIMENSION_KEY_LENGTH;
        }
        int bad = firstNonPrintableAscii(key);
        if (bad >= 0) {
            return "dimension key '" + key + "' contains '" + printable(key.charAt(bad)) + "' at index " + bad + " but may only contain printable ASCII characters";
        }
        if (key.charAt(0) == ':') {
            return "dimension key '" + key + "' starts with ':', which CloudWatch does not allow";
        }
        if (isReserved(key)) {
            return "dimension key '" + key + "' is reserved (lambdakit writes that member itself); choose another key"
                    + (TENANT_ID_KEY.equals(key) ? " or turn on Metrics.builder().tenantDimension(true)" : "");
        }
        return null;
    }

    /**
     * Dimension values: non-blank, at most 1024 printable ASCII characters.
     *
     * @param key   the dimension's key, for the message
     * @param value a dimension value
     * @return what is wrong with it, or null when it is valid
     */
    public static String dimensionValueProblem(String key, String value) {
        if (value == null || value.isBlank()) {
            return "dimension '" + key + "' has a blank value; dimension values must have at least one visible character";
        }
        if (value.length() > MAX_DIMENSION_VALUE_LENGTH) {
            return "dimension '" + key + "' has a value of " + value.length() + " characters but it must be at most " + MAX_DIMENSION_VALUE_LENGTH;
        }
        int bad = firstNonPrintableAscii(value);
        if (bad >= 0) {
            return "dimension '" + key + "' has a value containing '" + printable(value.charAt(bad)) + "' at index " + bad
                    + " but dimension values may only contain printable ASCII characters";
        }
        return null;
    }

    /**
     * @param key   a dimension key
     * @param value its value
     * @throws MetricsValidationException when either is invalid
     */
    public static void requireDimension(String key, String value) {
        String p = dimensionKeyProblem(key);
        if (p == null) {
            p = dimensionValueProblem(key, value);
        }
        if (p != null) {
            throw new MetricsValidationException("dimension '" + key + "'", p);
        }
    }

    // ---- metadata ----

    /**
     * @param key a metadata key (a root-level EMF member that is neither a metric nor a dimension)
     * @throws MetricsValidationException when it is blank, too long or reserved
     */
    public static void requireMetadataKey(String key) {
        String p = null;
        if (key == null || key.isBlank()) {
            p = "metadata key '" + key + "' is blank; metadata keys must have at least one visible character";
        } else if (key.length() > MAX_METADATA_KEY_LENGTH) {
            p = "metadata key '" + abbreviate(key) + "' is " + key.length() + " characters long but must be at most " + MAX_METADATA_KEY_LENGTH;
        } else if (firstLoneSurrogate(key) >= 0) {
            int lone = firstLoneSurrogate(key);
            p = "metadata key '" + abbreviate(key) + "' contains an unpaired surrogate (" + printable(key.charAt(lone)) + ") at index "
                    + lone + ", which is no Unicode character and would be written as U+FFFD, so two such keys could collide"
                    + " in one blob; pass well-formed text";
        } else if (isReserved(key)) {
            p = "metadata key '" + key + "' is reserved (lambdakit writes that member itself); choose another key";
        }
        if (p != null) {
            throw new MetricsValidationException("metadata key", p);
        }
    }

    // ---- timestamps ----

    /**
     * @param timestampMillis the timestamp to check, epoch milliseconds
     * @param nowMillis       now, epoch milliseconds
     * @throws MetricsValidationException when older than 14 days or more than 2 hours ahead
     */
    public static void requireTimestamp(long timestampMillis, long nowMillis) {
        if (timestampMillis < nowMillis - MAX_TIMESTAMP_AGE.toMillis()) {
            throw new MetricsValidationException("timestamp", "timestamp " + java.time.Instant.ofEpochMilli(timestampMillis)
                    + " is more than 14 days before now (" + java.time.Instant.ofEpochMilli(nowMillis)
                    + "); CloudWatch drops such metrics, so use a timestamp within the last 14 days");
        }
        if (timestampMillis > nowMillis + MAX_TIMESTAMP_AHEAD.toMillis()) {
            throw new MetricsValidationException("timestamp", "timestamp " + java.time.Instant.ofEpochMilli(timestampMillis)
                    + " is more than 2 hours after now (" + java.time.Instant.ofEpochMilli(nowMillis)
                    + "); CloudWatch drops such metrics, so use a timestamp at most 2 hours ahead");
        }
    }

    // ---- sizes ----

    /**
     * @param s a string
     * @return the bytes {@code JsonWriter} writes for it as a JSON string, quotes included: UTF-8, with control
     *         characters and U+2028/U+2029 escaped as six bytes
     */
    public static long jsonStringBytes(CharSequence s) {
        long escapes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                escapes += c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f' ? 1 : 5; // a two-character or six-character escape for one byte
            } else if (c == '"' || c == '\\') {
                escapes++;
            } else if (c == '\u2028' || c == '\u2029') {
                escapes += 3; // a six-character escape for three bytes of UTF-8
            }
        }
        return 2 + Utf8.length(s) + escapes;
    }

    /**
     * @param s text written as it is (raw JSON)
     * @return its length in UTF-8 bytes
     */
    public static long utf8Bytes(CharSequence s) {
        return Utf8.length(s);
    }

    // ---- helpers ----

    /** @return the index of the first surrogate that is not half of a pair, or -1 */
    private static int firstLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static int firstLineTerminator(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // Unicode's mandatory breaks: LF, VT, FF, CR, NEL, LS, PS (lambdakit-testing's Conformance checks the same set)
            if (c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return i;
            }
        }
        return -1;
    }

    private static int firstNonPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return i;
            }
        }
        return -1;
    }

    private static String printable(char c) {
        if (c >= 0x20 && c < 0x7F) {
            return String.valueOf(c);
        }
        String code = String.format("U+%04X", (int) c);
        return Character.isISOControl(c) || Character.isSurrogate(c) ? code : c + " " + code;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
