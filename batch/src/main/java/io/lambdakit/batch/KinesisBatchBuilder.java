package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.lambdakit.batch.internal.BatchEngine;
import io.lambdakit.batch.internal.BodyCodec;
import io.lambdakit.batch.internal.EngineProcessor;
import io.lambdakit.batch.internal.KinesisSource;
import io.lambdakit.batch.internal.RecordSource;
import io.lambdakit.batch.internal.Tasks;
import io.lambdakit.batch.spi.RecordDecoder;

import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a {@link BatchProcessor} for Kinesis Data Streams. Failed records are reported by
 * sequence number; Lambda then retries the shard from the lowest one. Processing continues past a
 * failure (later records of the batch are retried anyway, so their handlers should be idempotent);
 * in parallel mode, records of one partition key may run out of order.
 */
public final class KinesisBatchBuilder extends BatchBuilder<KinesisBatchBuilder, KinesisEventRecord, KinesisEvent, StreamsEventResponse> {

    KinesisBatchBuilder() {
    }

    /**
     * Sets a handler that receives each record's data (base64 in the event, decoded by the
     * runtime) read as JSON into {@code dataType}; {@code String.class} gives the data as UTF-8
     * text and {@code byte[].class} the bytes. Data that cannot be read fails that record alone.
     *
     * @param dataType the data's type
     * @param handler  the record handler
     * @param <T>      the data's type
     * @return this builder
     */
    public <T> KinesisBatchBuilder handler(Class<T> dataType, RecordHandler<T> handler) {
        Objects.requireNonNull(dataType, "dataType");
        return typed(f -> f.constructType(dataType), handler);
    }

    /**
     * Like {@link #handler(Class, RecordHandler)}, for generic data types.
     *
     * @param dataType the data's type
     * @param handler  the record handler
     * @param <T>      the data's type
     * @return this builder
     */
    public <T> KinesisBatchBuilder handler(TypeReference<T> dataType, RecordHandler<T> handler) {
        Objects.requireNonNull(dataType, "dataType");
        return typed(f -> f.constructType(dataType), handler);
    }

    /**
     * Sets a handler that receives what {@code decoder} makes of each record (Avro, Protobuf, ...).
     * A decoder that throws or returns null fails that record alone.
     *
     * @param decoder turns a record into the handler's type
     * @param handler the record handler
     * @param <T>     the decoded type
     * @return this builder
     */
    public <T> KinesisBatchBuilder handler(RecordDecoder<KinesisEventRecord, T> decoder, RecordHandler<T> handler) {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(handler, "handler");
        return task((mapper, success) -> Tasks.decoding(KinesisSource.INSTANCE, decoder, "the decoder's type", handler, success));
    }

    private <T> KinesisBatchBuilder typed(Function<TypeFactory, JavaType> type, RecordHandler<T> handler) {
        Objects.requireNonNull(handler, "handler");
        return task((mapper, success) -> {
            JavaType javaType = type.apply(mapper.getTypeFactory());
            RecordDecoder<KinesisEventRecord, T> decoder = BodyCodec.kinesisData(mapper, javaType);
            return Tasks.decoding(KinesisSource.INSTANCE, decoder, javaType.toCanonical(), handler, success);
        });
    }

    @Override
    KinesisBatchBuilder self() {
        return this;
    }

    @Override
    RecordSource<KinesisEventRecord> source() {
        return KinesisSource.INSTANCE;
    }

    @Override
    boolean skipGroupOnError() {
        return false;
    }

    @Override
    BatchProcessor<KinesisEvent, StreamsEventResponse> create(BatchEngine<KinesisEventRecord> engine) {
        return new EngineProcessor<>(engine, KinesisEvent::getRecords, StreamsResponses::of, "KinesisEvent");
    }
}
