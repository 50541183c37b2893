package io.lambdakit.batch;

import java.util.Objects;
import java.util.Optional;

/**
 * One record reported as a batch item failure, and why.
 *
 * @param itemIdentifier what is reported to Lambda: the SQS {@code messageId}, or the Kinesis or
 *                       DynamoDB Streams sequence number
 * @param index          the record's position in the batch, from 0
 * @param reason         why it is reported
 * @param error          what the handler or decoder threw; null for {@link Reason#FIFO_SKIPPED}
 *                       and {@link Reason#DEADLINE}, where nothing ran
 */
public record RecordFailure(String itemIdentifier, int index, Reason reason, Throwable error) {

    /** Why a record is reported as failed. */
    public enum Reason {
        /** The record handler (or the success callback) threw. */
        HANDLER_FAILED,
        /** The record's body or image could not be decoded into the handler's type; the handler did not run. */
        UNDECODABLE,
        /**
         * Not processed, to keep FIFO order: an earlier record of the batch failed (default), or of
         * the same message group (with {@code skipGroupOnError}).
         */
        FIFO_SKIPPED,
        /** Not started because the invocation's remaining time had dropped below the deadline margin. */
        DEADLINE
    }

    /**
     * @param itemIdentifier the identifier reported to Lambda
     * @param index          the position in the batch
     * @param reason         why
     * @param error          what was thrown, or null when nothing ran
     */
    public RecordFailure {
        Objects.requireNonNull(itemIdentifier, "itemIdentifier");
        Objects.requireNonNull(reason, "reason");
    }

    /** @return what was thrown, empty when the record was not processed at all */
    public Optional<Throwable> cause() {
        return Optional.ofNullable(error);
    }

    /** @return true when the record's handler ran (or its decoding was attempted) and failed */
    public boolean attempted() {
        return reason == Reason.HANDLER_FAILED || reason == Reason.UNDECODABLE;
    }
}
