package io.lambdakit.batch.internal;

/**
 * A processor's resolved settings (builder, then environment, then defaults), validated.
 *
 * @param parallelism             records (or FIFO groups) processed at once; 1 = sequential
 * @param deadlineMarginMillis    stop starting records when less than this is left; 0 = never
 * @param throwOnFullBatchFailure throw {@code BatchFailedException} when every record failed
 * @param skipGroupOnError        FIFO: fail only the rest of the failed message group
 */
public record BatchConfig(int parallelism, long deadlineMarginMillis, boolean throwOnFullBatchFailure, boolean skipGroupOnError) {
}
