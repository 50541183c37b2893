package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.lambdakit.batch.BatchProcessor;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.spi.PreloadScenarios;
import io.lambdakit.core.spi.PrimingContext;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The synthetic hot path of lambdakit-batch that the build records into its class list
 * ({@code io.lambdakit.core.internal.ClassListRecorder}): SQS (standard and FIFO, in parallel and
 * in order), Kinesis and DynamoDB Streams batches with typed bodies and one failing record each.
 */
public final class BatchPreloadScenario {

    /** A typed body. */
    record Order(String id, int quantity) {
    }

    private BatchPreloadScenario() {
    }

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        Environment env = PreloadScenarios.environment();
        ExecutionEnvironment ee = PreloadScenarios.executionEnvironment(env);
        PrimingContext context = new PrimingContext(env, "scenario");

        BatchProcessor<SQSEvent, ?> sqs = BatchProcessor.sqs().executionEnvironment(ee).parallelism(2)
                .handler(Order.class, (order, ctx) -> check(order.id())).build();
        BatchProcessor<SQSEvent, ?> fifo = BatchProcessor.sqs().executionEnvironment(ee)
                .handler(Order.class, (order, ctx) -> check(order.id())).build();
        BatchProcessor<KinesisEvent, ?> kinesis = BatchProcessor.kinesis().executionEnvironment(ee)
                .handler(Order.class, (order, ctx) -> check(order.id())).build();
        BatchProcessor<DynamodbEvent, ?> streams = BatchProcessor.dynamoDbStreams().executionEnvironment(ee)
                .handler(Order.class, (change, ctx) -> change.newImage().ifPresent(o -> check(o.id()))).build();
        for (int round = 0; round < 3; round++) {
            sqs.process(sqs(false), context);
            fifo.process(sqs(true), context);
            kinesis.process(kinesis(), context);
            streams.process(streams(), context);
        }
    }

    private static void check(String id) {
        if (id.startsWith("fail")) {
            throw new IllegalStateException("synthetic failure of " + id);
        }
    }

    private static String body(int i) {
        return "{\"id\":\"" + (i == 2 ? "fail-" : "o-") + i + "\",\"quantity\":" + i + "}";
    }

    private static SQSEvent sqs(boolean fifo) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("m-" + i);
            m.setBody(body(i));
            m.setEventSource("aws:sqs");
            m.setEventSourceArn("arn:aws:sqs:eu-west-1:123456789012:orders" + (fifo ? ".fifo" : ""));
            Map<String, String> attributes = new HashMap<>(Map.of("ApproximateReceiveCount", "1"));
            if (fifo) {
                attributes.put("MessageGroupId", "g-" + (i % 2));
            }
            m.setAttributes(attributes);
            messages.add(m);
        }
        SQSEvent e = new SQSEvent();
        e.setRecords(messages);
        return e;
    }

    private static KinesisEvent kinesis() {
        List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            KinesisEvent.Record k = new KinesisEvent.Record();
            k.setSequenceNumber(Integer.toString(100 + i));
            k.setPartitionKey("pk");
            k.setData(ByteBuffer.wrap(body(i).getBytes(StandardCharsets.UTF_8)));
            KinesisEvent.KinesisEventRecord r = new KinesisEvent.KinesisEventRecord();
            r.setKinesis(k);
            r.setEventSource("aws:kinesis");
            r.setEventID("shardId-000000000000:" + k.getSequenceNumber());
            records.add(r);
        }
        KinesisEvent e = new KinesisEvent();
        e.setRecords(records);
        return e;
    }

    private static DynamodbEvent streams() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            StreamRecord s = new StreamRecord();
            s.setSequenceNumber(Integer.toString(200 + i));
            s.setKeys(Map.of("id", new AttributeValue().withS("k-" + i)));
            s.setNewImage(Map.of("id", new AttributeValue().withS((i == 2 ? "fail-" : "o-") + i),
                    "quantity", new AttributeValue().withN(Integer.toString(i))));
            DynamodbEvent.DynamodbStreamRecord r = new DynamodbEvent.DynamodbStreamRecord();
            r.setEventName("INSERT");
            r.setEventID("e-" + i);
            r.setEventSource("aws:dynamodb");
            r.setDynamodb(s);
            records.add(r);
        }
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(records);
        return e;
    }
}
