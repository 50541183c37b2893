package io.lambdakit.batch.internal;

import java.util.List;

/**
 * What the engine needs to know about one event source: how to name a record in messages, the
 * identifier Lambda expects in {@code batchItemFailures}, and FIFO message groups.
 *
 * @param <M> the raw record type
 */
public interface RecordSource<M> {

    /** @return the source's name in messages, e.g. {@code SQS} */
    String name();

    /** @return the identifier's name in messages, e.g. {@code messageId} */
    String identifierName();

    /**
     * @param record a record, not null
     * @return the identifier to report when it fails, or null when the record has none
     */
    String identifier(M record);

    /**
     * @param records the batch, not empty
     * @return true when the batch comes from a FIFO queue and its order must be kept
     */
    default boolean isFifo(List<M> records) {
        return false;
    }

    /**
     * @param record a record of a FIFO batch
     * @return its message group, or null
     */
    default String group(M record) {
        return null;
    }
}
