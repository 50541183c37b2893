package io.lambdakit.batch.spi;

/**
 * Turns a raw record into the value a record handler takes. A decoder that throws, or returns
 * null, fails that record alone (reason {@code UNDECODABLE}); the rest of the batch goes on.
 * Decoders are called from several threads at once in parallel mode, so they must be thread-safe.
 *
 * @param <M> the raw record type, e.g. {@code SQSEvent.SQSMessage}
 * @param <T> the decoded type
 */
@FunctionalInterface
public interface RecordDecoder<M, T> {

    /**
     * @param record the raw record
     * @return the decoded value, never null
     * @throws Exception when the record cannot be decoded
     */
    T decode(M record) throws Exception;
}
