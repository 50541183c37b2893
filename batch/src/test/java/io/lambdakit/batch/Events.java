package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.lambdakit.testing.MutableClock;
import io.lambdakit.testing.TestContext;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds events for tests, by hand or from their wire JSON the way the Lambda Java runtime reads them. */
final class Events {

    static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:orders";
    static final String FIFO_ARN = "arn:aws:sqs:eu-west-1:123456789012:orders.fifo";

    private Events() {
    }

    /**
     * @param remainingMillis the time left when the invocation starts; it stays so (the context's clock does not move)
     * @return a context with that deadline
     */
    static TestContext context(int remainingMillis) {
        return TestContext.builder().clock(MutableClock.at(Instant.parse("2026-11-22T10:00:00Z")))
                .timeout(Duration.ofMillis(remainingMillis)).build();
    }

    static <T> T fromJson(String json, Class<T> type) {
        return LambdaEventSerializers.serializerFor(type, Events.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static SQSMessage sqsMessage(String id, String body) {
        SQSMessage m = new SQSMessage();
        m.setMessageId(id);
        m.setReceiptHandle("rh-" + id);
        m.setBody(body);
        m.setEventSource("aws:sqs");
        m.setEventSourceArn(QUEUE_ARN);
        m.setAwsRegion("eu-west-1");
        m.setAttributes(new HashMap<>(Map.of("ApproximateReceiveCount", "1")));
        return m;
    }

    static SQSMessage fifoMessage(String id, String group, String body) {
        SQSMessage m = sqsMessage(id, body);
        m.setEventSourceArn(FIFO_ARN);
        m.getAttributes().put("MessageGroupId", group);
        m.getAttributes().put("MessageDeduplicationId", "d-" + id);
        return m;
    }

    static SQSEvent sqs(List<SQSMessage> messages) {
        SQSEvent e = new SQSEvent();
        e.setRecords(new ArrayList<>(messages));
        return e;
    }

    /** Messages m-0 .. m-(n-1) with body {@code i} (plain text, also valid JSON). */
    static SQSEvent sqs(int n) {
        List<SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            messages.add(sqsMessage("m-" + i, Integer.toString(i)));
        }
        return sqs(messages);
    }

    static KinesisEventRecord kinesisRecord(String sequenceNumber, byte[] data) {
        KinesisEvent.Record k = new KinesisEvent.Record();
        k.setSequenceNumber(sequenceNumber);
        k.setPartitionKey("pk-" + sequenceNumber);
        k.setData(ByteBuffer.wrap(data));
        k.setKinesisSchemaVersion("1.0");
        KinesisEventRecord r = new KinesisEventRecord();
        r.setKinesis(k);
        r.setEventSource("aws:kinesis");
        r.setEventID("shardId-000000000000:" + sequenceNumber);
        r.setEventSourceARN("arn:aws:kinesis:eu-west-1:123456789012:stream/orders");
        return r;
    }

    static KinesisEvent kinesis(List<KinesisEventRecord> records) {
        KinesisEvent e = new KinesisEvent();
        e.setRecords(new ArrayList<>(records));
        return e;
    }

    static DynamodbStreamRecord dynamoRecord(String sequenceNumber, String eventName,
                                             Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
        StreamRecord s = new StreamRecord();
        s.setSequenceNumber(sequenceNumber);
        s.setKeys(Map.of("id", new AttributeValue().withS("k-" + sequenceNumber)));
        s.setNewImage(newImage);
        s.setOldImage(oldImage);
        DynamodbStreamRecord r = new DynamodbStreamRecord();
        r.setEventName(eventName);
        r.setEventID("e-" + sequenceNumber);
        r.setEventSource("aws:dynamodb");
        r.setDynamodb(s);
        return r;
    }

    static DynamodbEvent dynamo(List<DynamodbStreamRecord> records) {
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(new ArrayList<>(records));
        return e;
    }

    static List<String> ids(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    static List<String> ids(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList();
    }
}
