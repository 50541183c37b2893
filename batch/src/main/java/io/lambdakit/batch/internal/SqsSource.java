package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

import java.util.List;
import java.util.Map;

/** SQS: messages are identified by {@code messageId}; FIFO queues carry a {@code MessageGroupId}. */
public final class SqsSource implements RecordSource<SQSMessage> {

    /** The message system attribute naming a FIFO message group. */
    public static final String MESSAGE_GROUP_ID = "MessageGroupId";

    /** The one instance. */
    public static final SqsSource INSTANCE = new SqsSource();

    private SqsSource() {
    }

    @Override
    public String name() {
        return "SQS";
    }

    @Override
    public String identifierName() {
        return "messageId";
    }

    @Override
    public String identifier(SQSMessage record) {
        return record.getMessageId();
    }

    /** A batch is FIFO when its queue's ARN ends in {@code .fifo} or any message has a message group. */
    @Override
    public boolean isFifo(List<SQSMessage> records) {
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
    public String group(SQSMessage record) {
        Map<String, String> attributes = record == null ? null : record.getAttributes();
        return attributes == null ? null : attributes.get(MESSAGE_GROUP_ID);
    }
}
