package io.lambdakit.batch.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import static io.lambdakit.batch.internal.BatchVariables.LAMBDAKIT_BATCH_DEADLINE_MARGIN_MS;
import static io.lambdakit.batch.internal.BatchVariables.LAMBDAKIT_BATCH_PARALLELISM;
import static io.lambdakit.batch.internal.BatchVariables.LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE;

/**
 * A processor's resolved settings (builder, then environment, then defaults), validated. The only
 * reader of lambdakit-batch's environment variables.
 *
 * @param parallelism             records (or FIFO groups) processed at once; 1 = sequential
 * @param deadlineMarginMillis    stop starting records when less than this is left; 0 = never
 * @param throwOnFullBatchFailure throw {@code BatchFailedException} when every record failed
 * @param skipGroupOnError        FIFO: fail only the rest of the failed message group
 */
public record BatchConfig(int parallelism, long deadlineMarginMillis, boolean throwOnFullBatchFailure, boolean skipGroupOnError) {

    /** Default parallelism: one record at a time, in order. */
    static final int DEFAULT_PARALLELISM = 1;
    /** Largest parallelism accepted. */
    static final int MAX_PARALLELISM = 1024;
    /** Default deadline margin. */
    static final Duration DEFAULT_DEADLINE_MARGIN = Duration.ofSeconds(1);

    /**
     * Resolves each setting: the builder's value when it set one, else the environment variable,
     * else the default. Reports every bad value to {@code problems} (and uses the default for it);
     * the caller throws them.
     *
     * @param variables               the environment snapshot
     * @param parallelism             the builder's value, or null
     * @param deadlineMargin          the builder's value, or null
     * @param throwOnFullBatchFailure the builder's value, or null
     * @param skipGroupOnError        the builder's value
     * @param problems                where to report bad values
     * @return the resolved settings
     */
    public static BatchConfig resolve(Environment variables, Integer parallelism, Duration deadlineMargin,
                                      Boolean throwOnFullBatchFailure, boolean skipGroupOnError,
                                      ConfigurationException.Problems problems) {
        int resolvedParallelism = DEFAULT_PARALLELISM;
        if (parallelism != null) {
            problems.require(parallelism >= 1 && parallelism <= MAX_PARALLELISM, "parallelism was " + parallelism
                    + " but it must be between 1 and " + MAX_PARALLELISM + "; call parallelism(n) with a value in that range");
            resolvedParallelism = parallelism;
        } else {
            Optional<String> v = variables.get(LAMBDAKIT_BATCH_PARALLELISM);
            if (v.isPresent()) {
                Long n = parseLong(v.get());
                boolean valid = n != null && n >= 1 && n <= MAX_PARALLELISM;
                problems.require(valid, LAMBDAKIT_BATCH_PARALLELISM + " was '" + v.get()
                        + "' but it must be an integer between 1 and " + MAX_PARALLELISM + "; fix or unset it, or call parallelism(n)");
                resolvedParallelism = valid ? n.intValue() : DEFAULT_PARALLELISM;
            }
        }

        long marginMillis = DEFAULT_DEADLINE_MARGIN.toMillis();
        if (deadlineMargin != null) {
            problems.require(!deadlineMargin.isNegative(), "deadlineMargin was " + deadlineMargin
                    + " but it must not be negative; call deadlineMargin(Duration.ZERO) to turn the cut-off off");
            marginMillis = Math.max(0, deadlineMargin.toMillis());
        } else {
            Optional<String> v = variables.get(LAMBDAKIT_BATCH_DEADLINE_MARGIN_MS);
            if (v.isPresent()) {
                Long n = parseLong(v.get());
                problems.require(n != null && n >= 0, LAMBDAKIT_BATCH_DEADLINE_MARGIN_MS + " was '" + v.get()
                        + "' but it must be a whole number of milliseconds, 0 or more; fix or unset it, or call deadlineMargin(..)");
                marginMillis = n != null && n >= 0 ? n : marginMillis;
            }
        }

        boolean throwOnFull = false;
        if (throwOnFullBatchFailure != null) {
            throwOnFull = throwOnFullBatchFailure;
        } else {
            Optional<String> v = variables.get(LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE);
            if (v.isPresent()) {
                String s = v.get().toLowerCase(Locale.ROOT);
                problems.require(s.equals("true") || s.equals("false"), LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE + " was '" + v.get()
                        + "' but it must be true or false; fix or unset it, or call throwOnFullBatchFailure(..)");
                throwOnFull = s.equals("true");
            }
        }
        return new BatchConfig(resolvedParallelism, marginMillis, throwOnFull, skipGroupOnError);
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
