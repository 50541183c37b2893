package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQS: messages are identified by {@code messageId}; FIFO queues carry a {@code MessageGroupId}. */
final class SqsSource extends RecordSource<SQSEvent, SQSMessage, SQSBatchResponse> {

    /** The message system attribute naming a FIFO message group. */
    static final String MESSAGE_GROUP_ID = "MessageGroupId";

    /** The one instance. */
    static final SqsSource INSTANCE = new SqsSource();

    private SqsSource() {
        super("SQS", "messageId", "SQSEvent");
    }

    @Override
    String identifier(SQSMessage record) {
        return record.getMessageId();
    }

    @Override
    List<SQSMessage> records(SQSEvent event) {
        return event.getRecords();
    }

    @Override
    SQSBatchResponse response(List<String> failedIds) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>(failedIds.size());
        for (String id : failedIds) {
            failures.add(new SQSBatchResponse.BatchItemFailure(id));
        }
        return new SQSBatchResponse(failures);
    }

    /** A batch is FIFO when its queue's ARN ends in {@code .fifo} or any message has a message group. */
    @Override
    boolean isFifo(List<SQSMessage> records) {
        String arn = records.get(0) == null ? null : records.get(0).getEventSourceArn();
        if (arn != null && arn.endsWith(".fifo")) {
            return true;
        }
        for (SQSMessage m : records) {
            if (group(m) != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    String group(SQSMessage record) {
        Map<String, String> attributes = record == null ? null : record.getAttributes();
        return attributes == null ? null : attributes.get(MESSAGE_GROUP_ID);
    }
}
