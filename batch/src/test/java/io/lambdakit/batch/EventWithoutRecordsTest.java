package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A misconfigured trigger: an event from another source handed to a batch handler. The Lambda Java
 * runtime reads it into the handler's event type with {@code Records} null (events here are read
 * from their wire JSON by the runtime's own deserialisers); the processor must fail the invocation,
 * naming the source it expects and the fix, instead of reporting an empty {@code batchItemFailures}.
 */
class EventWithoutRecordsTest {

    /** An API Gateway (REST) request, as API Gateway sends it to a function. */
    static final String API_GATEWAY_REQUEST = """
            {"resource":"/orders","path":"/orders","httpMethod":"POST","headers":{"Content-Type":"application/json"},
             "requestContext":{"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","stage":"prod","httpMethod":"POST"},
             "body":"{\\"id\\":\\"o-1\\",\\"quantity\\":1}","isBase64Encoded":false}""";

    private final List<Object> handled = new ArrayList<>();

    @Test
    void sqs_apiGatewayRequest_throwsNamingSqsAndTheTrigger() {
        BatchProcessor<SQSEvent, ?> processor = BatchProcessor.sqs().rawHandler((m, ctx) -> handled.add(m)).build();
        SQSEvent event = Events.fromJson(API_GATEWAY_REQUEST, SQSEvent.class);

        BatchException e = catchThrowableOfType(BatchException.class, () -> processor.process(event, TestContext.create()));

        assertThat(event.getRecords()).as("what the runtime makes of it").isNull();
        assertThat(e).isNotNull().isExactlyInstanceOf(BatchException.class);
        assertThat(e.getMessage()).contains("the SQSEvent has no Records", "event source mapping of SQS",
                "API Gateway request", "check the function's triggers", "ReportBatchItemFailures",
                "instead of returning an empty batchItemFailures");
        assertThat(handled).isEmpty();
    }

    @Test
    void kinesis_eventBridgeEvent_throwsNamingKinesis() {
        BatchProcessor<KinesisEvent, ?> processor = BatchProcessor.kinesis().rawHandler((r, ctx) -> handled.add(r)).build();
        KinesisEvent event = Events.fromJson("{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"Order Placed\","
                + "\"source\":\"orders\",\"detail\":{\"id\":\"o-1\"}}", KinesisEvent.class);

        BatchException e = catchThrowableOfType(BatchException.class, () -> processor.process(event, TestContext.create()));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("the KinesisEvent has no Records", "event source mapping of Kinesis");
        assertThat(handled).isEmpty();
    }

    @Test
    void dynamoDbStreams_apiGatewayRequest_throwsNamingDynamoDbStreams() {
        BatchProcessor<DynamodbEvent, ?> processor = BatchProcessor.dynamoDbStreams().rawHandler((r, ctx) -> handled.add(r)).build();
        DynamodbEvent event = Events.fromJson(API_GATEWAY_REQUEST, DynamodbEvent.class);

        BatchException e = catchThrowableOfType(BatchException.class, () -> processor.process(event, TestContext.create()));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("the DynamodbEvent has no Records", "event source mapping of DynamoDB Streams");
        assertThat(handled).isEmpty();
    }

    @Test
    void sqs_emptyRecordsList_isAnEmptyBatch() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().throwOnFullBatchFailure(true)
                .rawHandler((m, ctx) -> handled.add(m)).build();
        SQSEvent event = Events.fromJson("{\"Records\":[]}", SQSEvent.class);

        SQSBatchResponse response = processor.process(event, TestContext.create());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).isEmpty();
    }
}
