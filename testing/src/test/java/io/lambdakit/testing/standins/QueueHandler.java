package io.lambdakit.testing.standins;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * An SQS consumer: a body {@code poison...} fails alone (reported in batchItemFailures), a body {@code crash}
 * fails the whole invocation, a body {@code unknown-id} reports an id that is not in the batch. Every body it
 * saw is printed, one line each, so tests can read the order of delivery.
 */
public class QueueHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            System.out.println("body=" + m.getBody() + " group=" + m.getAttributes().get("MessageGroupId")
                    + " source=" + m.getEventSourceArn() + " region=" + m.getAwsRegion()
                    + " receives=" + m.getAttributes().get("ApproximateReceiveCount")
                    + " color=" + (m.getMessageAttributes().containsKey("color")
                    ? m.getMessageAttributes().get("color").getStringValue() : null));
            if (m.getBody().equals("crash")) {
                throw new IllegalStateException("crashing on purpose");
            }
            if (m.getBody().startsWith("poison")) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
            if (m.getBody().equals("unknown-id")) {
                failures.add(new SQSBatchResponse.BatchItemFailure("not-a-message-of-this-batch"));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
