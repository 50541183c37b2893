package io.lambdakit.batch.internal;

/**
 * The environment variables lambdakit-batch reads, each constant named exactly like its variable.
 * Only {@link BatchConfig} reads them; docs/configuration.md lists them with their defaults.
 */
final class BatchVariables {

    /** Records (FIFO with skipGroupOnError: message groups) processed at once, 1 to 1024 (default 1, sequential). */
    static final String LAMBDAKIT_BATCH_PARALLELISM = "LAMBDAKIT_BATCH_PARALLELISM";
    /** The deadline margin in milliseconds (default 1000; 0 turns the cut-off off). */
    static final String LAMBDAKIT_BATCH_DEADLINE_MARGIN_MS = "LAMBDAKIT_BATCH_DEADLINE_MARGIN_MS";
    /** {@code true} to throw {@code BatchFailedException} when every record failed (default false). */
    static final String LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE = "LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE";

    private BatchVariables() {
    }
}
