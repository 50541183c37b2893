package io.lambdakit.batch;

import java.util.List;

/**
 * Every record of the batch failed and the processor was built with
 * {@code throwOnFullBatchFailure(true)}: the invocation fails, so Lambda retries the whole batch
 * and backs off (SQS) or retries with its stream retry policy, instead of counting a batch that
 * did nothing as a success. The cause is the first record's error, if it had one; the other
 * records' errors are attached as suppressed exceptions (at most ten).
 */
public final class BatchFailedException extends BatchException {

    private static final long serialVersionUID = 1L;

    private final transient List<RecordFailure> failures;

    /**
     * @param message  what happened
     * @param failures every record's failure, in batch order
     * @param cause    the first error, or null
     */
    public BatchFailedException(String message, List<RecordFailure> failures, Throwable cause) {
        super(message, cause);
        this.failures = List.copyOf(failures);
    }

    /** @return every record's failure, in batch order */
    public List<RecordFailure> failures() {
        return failures == null ? List.of() : failures;
    }
}
