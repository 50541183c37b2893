package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import java.util.ArrayList;
import java.util.List;

/** Builds the response Kinesis and DynamoDB Streams expect. */
final class StreamsResponses {

    private StreamsResponses() {
    }

    static StreamsEventResponse of(List<String> failedSequenceNumbers) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>(failedSequenceNumbers.size());
        for (String id : failedSequenceNumbers) {
            failures.add(new StreamsEventResponse.BatchItemFailure(id));
        }
        return new StreamsEventResponse(failures);
    }
}
