package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;

import java.util.List;

/** DynamoDB Streams: records are identified by {@code dynamodb.SequenceNumber}. */
final class DynamoDbSource extends StreamSource<DynamodbEvent, DynamodbStreamRecord> {

    /** The one instance. */
    static final DynamoDbSource INSTANCE = new DynamoDbSource();

    private DynamoDbSource() {
        super("DynamoDB Streams", "dynamodb.SequenceNumber", "DynamodbEvent");
    }

    @Override
    String identifier(DynamodbStreamRecord record) {
        return record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
    }

    @Override
    List<DynamodbStreamRecord> records(DynamodbEvent event) {
        return event.getRecords();
    }
}
