package io.lambdakit.batch.internal;

import java.util.List;

/**
 * What the engine needs to know about one event source: how to name a record in messages, the
 * identifier Lambda expects in {@code batchItemFailures}, FIFO message groups, and how to take the
 * records out of its event and build its response.
 *
 * @param <E> the event type
 * @param <M> the raw record type
 * @param <R> the response type
 */
abstract class RecordSource<E, M, R> {

    private final String name;
    private final String identifierName;
    private final String eventName;

    /**
     * @param name           the source's name in messages, e.g. {@code SQS}
     * @param identifierName the identifier's name in messages, e.g. {@code messageId}
     * @param eventName      the event class's simple name, for messages
     */
    RecordSource(String name, String identifierName, String eventName) {
        this.name = name;
        this.identifierName = identifierName;
        this.eventName = eventName;
    }

    /** @return the source's name in messages, e.g. {@code SQS} */
    final String name() {
        return name;
    }

    /** @return the identifier's name in messages, e.g. {@code messageId} */
    final String identifierName() {
        return identifierName;
    }

    /** @return the event class's simple name, for messages */
    final String eventName() {
        return eventName;
    }

    /**
     * @param record a record, not null
     * @return the identifier to report when it fails, or null when the record has none
     */
    abstract String identifier(M record);

    /**
     * @param event the event, not null
     * @return its records, or null when it has none
     */
    abstract List<M> records(E event);

    /**
     * @param failedIds the failed records' identifiers, each once, in batch order
     * @return the response Lambda expects
     */
    abstract R response(List<String> failedIds);

    /**
     * @param records the batch, not empty
     * @return true when the batch comes from a FIFO queue and its order must be kept
     */
    boolean isFifo(List<M> records) {
        return false;
    }

    /**
     * @param record a record of a FIFO batch
     * @return its message group, or null
     */
    String group(M record) {
        return null;
    }
}
