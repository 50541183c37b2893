package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.lambdakit.batch.internal.BatchEngine;
import io.lambdakit.batch.internal.BodyCodec;
import io.lambdakit.batch.internal.EngineProcessor;
import io.lambdakit.batch.internal.RecordSource;
import io.lambdakit.batch.internal.SqsSource;
import io.lambdakit.batch.internal.Tasks;
import io.lambdakit.batch.spi.RecordDecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a {@link BatchProcessor} for SQS, standard and FIFO queues. Failed messages are reported
 * by {@code messageId}. A batch is FIFO when its queue ARN ends in {@code .fifo} or its messages
 * carry a {@code MessageGroupId}; its order is then kept: by default processing stops at the first
 * failure and that message and every later one are reported as failed; with
 * {@link #skipGroupOnError(boolean)} only the rest of the failed message group is.
 */
public final class SqsBatchBuilder extends BatchBuilder<SqsBatchBuilder, SQSMessage, SQSEvent, SQSBatchResponse> {

    private boolean skipGroupOnError;

    SqsBatchBuilder() {
    }

    /**
     * Sets a handler that receives each message's body read as JSON into {@code bodyType}
     * ({@code String.class}: the body as it is). A body that cannot be read fails that message
     * alone and its handler is not called.
     *
     * @param bodyType the body's type
     * @param handler  the record handler
     * @param <T>      the body's type
     * @return this builder
     */
    public <T> SqsBatchBuilder handler(Class<T> bodyType, RecordHandler<T> handler) {
        Objects.requireNonNull(bodyType, "bodyType");
        return typed(m -> m.constructType(bodyType), handler);
    }

    /**
     * Like {@link #handler(Class, RecordHandler)}, for generic body types such as
     * {@code new TypeReference<List<Order>>() {}}.
     *
     * @param bodyType the body's type
     * @param handler  the record handler
     * @param <T>      the body's type
     * @return this builder
     */
    public <T> SqsBatchBuilder handler(TypeReference<T> bodyType, RecordHandler<T> handler) {
        Objects.requireNonNull(bodyType, "bodyType");
        return typed(m -> m.constructType(bodyType), handler);
    }

    /**
     * Sets a handler that receives what {@code decoder} makes of each message (Avro, Protobuf,
     * a body in an envelope). A decoder that throws or returns null fails that message alone.
     *
     * @param decoder turns a message into the handler's type
     * @param handler the record handler
     * @param <T>     the decoded type
     * @return this builder
     */
    public <T> SqsBatchBuilder handler(RecordDecoder<SQSMessage, T> decoder, RecordHandler<T> handler) {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(handler, "handler");
        return task((mapper, success) -> Tasks.decoding(SqsSource.INSTANCE, decoder, "the decoder's type", handler, success));
    }

    /**
     * FIFO only: when a message fails, report only the later messages of its message group as
     * failed and keep processing the other groups (default false: every later message of the
     * batch is reported). With parallelism above 1, message groups are then processed in parallel,
     * each group in order.
     *
     * @param skipGroupOnError true to skip only the failed group
     * @return this builder
     */
    public SqsBatchBuilder skipGroupOnError(boolean skipGroupOnError) {
        this.skipGroupOnError = skipGroupOnError;
        return this;
    }

    private <T> SqsBatchBuilder typed(Function<TypeFactory, JavaType> type, RecordHandler<T> handler) {
        Objects.requireNonNull(handler, "handler");
        return task((mapper, success) -> {
            JavaType javaType = type.apply(mapper.getTypeFactory());
            RecordDecoder<SQSMessage, T> decoder = BodyCodec.sqsBody(mapper, javaType);
            return Tasks.decoding(SqsSource.INSTANCE, decoder, javaType.toCanonical(), handler, success);
        });
    }

    @Override
    SqsBatchBuilder self() {
        return this;
    }

    @Override
    RecordSource<SQSMessage> source() {
        return SqsSource.INSTANCE;
    }

    @Override
    boolean skipGroupOnError() {
        return skipGroupOnError;
    }

    @Override
    BatchProcessor<SQSEvent, SQSBatchResponse> create(BatchEngine<SQSMessage> engine) {
        return new EngineProcessor<>(engine, SQSEvent::getRecords, SqsBatchBuilder::response, "SQSEvent");
    }

    private static SQSBatchResponse response(List<String> failedIds) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>(failedIds.size());
        for (String id : failedIds) {
            failures.add(new SQSBatchResponse.BatchItemFailure(id));
        }
        return new SQSBatchResponse(failures);
    }
}
