package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;

/** DynamoDB Streams: records are identified by {@code dynamodb.SequenceNumber}. */
public final class DynamoDbSource implements RecordSource<DynamodbStreamRecord> {

    /** The one instance. */
    public static final DynamoDbSource INSTANCE = new DynamoDbSource();

    private DynamoDbSource() {
    }

    @Override
    public String name() {
        return "DynamoDB Streams";
    }

    @Override
    public String identifierName() {
        return "dynamodb.SequenceNumber";
    }

    @Override
    public String identifier(DynamodbStreamRecord record) {
        return record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
    }
}
