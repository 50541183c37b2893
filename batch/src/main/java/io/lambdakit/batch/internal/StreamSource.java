package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * A stream (Kinesis Data Streams, DynamoDB Streams): records are identified by their sequence
 * number, and the response is a {@code StreamsEventResponse}; Lambda retries the shard from the
 * lowest failed sequence number.
 *
 * @param <E> the event type
 * @param <M> the raw record type
 */
abstract class StreamSource<E, M> extends RecordSource<E, M, StreamsEventResponse> {

    StreamSource(String name, String identifierName, String eventName) {
        super(name, identifierName, eventName);
    }

    @Override
    final StreamsEventResponse response(List<String> failedSequenceNumbers) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>(failedSequenceNumbers.size());
        for (String id : failedSequenceNumbers) {
            failures.add(new StreamsEventResponse.BatchItemFailure(id));
        }
        return new StreamsEventResponse(failures);
    }
}
