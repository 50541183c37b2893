package io.lambdakit.batch.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.lambdakit.batch.RecordDeserializationException;
import io.lambdakit.batch.RecordHandler;
import io.lambdakit.batch.spi.RecordDecoder;

import java.util.function.Consumer;

/** Builds the {@link RecordTask} for a handler: decoding first, then the handler, then the success callback. */
final class Tasks {

    private Tasks() {
    }

    /**
     * @param handler   the user's handler of raw records
     * @param onSuccess called after the handler returns (its failure fails the record); may be null
     * @param <M>       the raw record type
     * @return the task
     */
    static <M> RecordTask<M> raw(RecordHandler<M> handler, Consumer<? super M> onSuccess) {
        if (onSuccess == null) {
            return handler::handle;
        }
        return (record, context) -> {
            handler.handle(record, context);
            onSuccess.accept(record);
        };
    }

    /**
     * @param source     the event source, to name the record in errors
     * @param decoder    turns the raw record into the handler's type
     * @param targetType the decoded type's name, for errors
     * @param handler    the user's handler
     * @param onSuccess  called after the handler returns; may be null
     * @param <M>        the raw record type
     * @param <T>        the decoded type
     * @return the task
     */
    static <M, T> RecordTask<M> decoding(RecordSource<?, M, ?> source, RecordDecoder<M, T> decoder, String targetType,
                                         RecordHandler<T> handler, Consumer<? super M> onSuccess) {
        return (record, context) -> {
            T value;
            try {
                value = decoder.decode(record);
            } catch (RecordDeserializationException e) {
                throw e;
            } catch (Exception e) {
                throw new RecordDeserializationException(source.identifier(record), targetType, describe(e), e);
            }
            if (value == null) {
                throw new RecordDeserializationException(source.identifier(record), targetType,
                        "decoding gave null (a JSON null body, or a decoder that returned null)", null);
            }
            handler.handle(value, context);
            if (onSuccess != null) {
                onSuccess.accept(record);
            }
        };
    }

    /** The decoder's problem without the record's content: Jackson's message without its source excerpt. */
    static String describe(Exception e) {
        if (e instanceof JsonProcessingException j) {
            JsonLocation at = j.getLocation();
            String where = at == null ? "" : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            return j.getClass().getSimpleName() + ": " + j.getOriginalMessage() + where;
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
