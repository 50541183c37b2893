package io.lambdakit.testing.batch;

import io.lambdakit.batch.spi.RecordDecoder;
import io.lambdakit.testing.contracts.internal.Concurrently;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the batch engine relies on from a {@link RecordDecoder}: a decodable record gives its value, never
 * null; an undecodable record throws (the engine then fails that record alone, reason
 * {@code UNDECODABLE}); decoding the same record again gives an equal value; many threads decode at once
 * in parallel mode, each getting its own record's value. Extend it:
 *
 * <pre>{@code
 * class OrderDecoderContractTest extends RecordDecoderContract<SQSEvent.SQSMessage, Order> {
 *     protected RecordDecoder<SQSEvent.SQSMessage, Order> decoder() { return new OrderDecoder(); }
 *     protected SQSEvent.SQSMessage record(int i) { ...a message whose body is order i... }
 *     protected Order expected(int i) { return new Order(i); }
 *     protected SQSEvent.SQSMessage undecodableRecord() { ...a message whose body is not an order... }
 * }
 * }</pre>
 *
 * @param <M> the raw record type
 * @param <T> the decoded type; its {@code equals} compares values
 */
public abstract class RecordDecoderContract<M, T> {

    /** For subclasses. */
    protected RecordDecoderContract() {
    }

    /** @return the decoder under test */
    protected abstract RecordDecoder<M, T> decoder();

    /**
     * @param i an index from 0; different indexes give records with different values
     * @return a new record the decoder can decode
     */
    protected abstract M record(int i);

    /**
     * @param i the index given to {@link #record(int)}
     * @return the value that record decodes to
     */
    protected abstract T expected(int i);

    /** @return a new record the decoder cannot decode (a body of another shape, say) */
    protected abstract M undecodableRecord();

    @Test
    void decode_decodableRecord_returnsItsValue() throws Exception {
        M record = record(0);

        T value = decoder().decode(record);

        assertNotNull(value, "a decoder never returns null for a record it can decode");
        assertEquals(expected(0), value);
    }

    @Test
    void decode_undecodableRecord_throws() {
        M record = undecodableRecord();

        assertThrows(Exception.class, () -> decoder().decode(record),
                "an undecodable record throws, so the engine reports why that record failed");
    }

    @Test
    void decode_sameRecordTwice_givesEqualValues() throws Exception {
        RecordDecoder<M, T> decoder = decoder();
        M record = record(1);

        T first = decoder.decode(record);
        T second = decoder.decode(record);

        assertEquals(first, second);
        assertEquals(expected(1), second);
    }

    @Test
    void decode_manyThreadsAtOnce_eachGetsItsRecordsValue() throws Exception {
        RecordDecoder<M, T> decoder = decoder();
        int threads = 8;
        int perThread = 50;
        List<List<M>> records = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<M> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                mine.add(record(t * perThread + i));
            }
            records.add(mine);
        }

        List<List<T>> values = Concurrently.map(records, decoder::decode);

        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertEquals(expected(t * perThread + i), values.get(t).get(i));
            }
        }
    }
}
