package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.core.type.TypeReference;
import io.lambdakit.batch.RecordFailure.Reason;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.lambdakit.batch.Events.ids;
import static io.lambdakit.batch.Events.sqs;
import static io.lambdakit.batch.Events.sqsMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqsBatchProcessorTest {

    private final ExecutionEnvironment env = ExecutionEnvironment.builder().build();

    @BeforeEach
    void clearLogs() {
        CapturedLogs.clear();
    }

    private BatchProcessor.SqsBuilder builder() {
        return BatchProcessor.sqs().executionEnvironment(env);
    }

    private static String orderJson(String id, int quantity) {
        return "{\"id\":\"" + id + "\",\"quantity\":" + quantity + ",\"price\":9.99}";
    }

    @Test
    void process_allRecordsSucceed_returnsEmptyFailureList() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .handler(Order.class, (order, ctx) -> seen.add(order.id()))
                .build();
        SQSEvent event = sqs(List.of(sqsMessage("m-1", orderJson("o-1", 1)), sqsMessage("m-2", orderJson("o-2", 2))));

        SQSBatchResponse response = processor.process(event, TestContext.create());

        assertThat(response.getBatchItemFailures()).isNotNull().isEmpty();
        assertThat(seen).containsExactly("o-1", "o-2");
    }

    @Test
    void process_someRecordsFail_reportsExactlyTheFailedMessageIdsInOrder() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .handler(String.class, (body, ctx) -> {
                    if (Integer.parseInt(body) % 3 == 0) {
                        throw new IllegalStateException("cannot process " + body);
                    }
                })
                .build();

        SQSBatchResponse response = processor.process(sqs(10), TestContext.create());

        assertThat(ids(response)).containsExactly("m-0", "m-3", "m-6", "m-9");
    }

    @Test
    void process_someRecordsFail_logsEachFailureWithItsIdAndError() {
        IllegalStateException boom = new IllegalStateException("boom");
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .rawHandler((m, ctx) -> {
                    if (m.getMessageId().equals("m-1")) {
                        throw boom;
                    }
                })
                .build();

        processor.process(sqs(3), TestContext.create());

        List<CapturedLogs.Event> errors = CapturedLogs.at(Level.ERROR);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).message()).contains("SQS record m-1 failed");
        assertThat(errors.get(0).error()).isSameAs(boom);
    }

    @Test
    void process_allRecordsFail_byDefault_reportsEveryRecord() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .rawHandler((m, ctx) -> {
                    throw new IllegalStateException("down");
                })
                .build();

        SQSBatchResponse response = processor.process(sqs(4), TestContext.create());

        assertThat(ids(response)).containsExactly("m-0", "m-1", "m-2", "m-3");
    }

    @Test
    void process_allRecordsFail_withThrowOnFullBatchFailure_throwsWithEveryFailure() {
        IllegalStateException first = new IllegalStateException("down 0");
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .throwOnFullBatchFailure(true)
                .rawHandler((m, ctx) -> {
                    throw m.getMessageId().equals("m-0") ? first : new IllegalStateException("down");
                })
                .build();

        assertThatThrownBy(() -> processor.process(sqs(3), TestContext.create()))
                .isInstanceOfSatisfying(BatchFailedException.class, e -> {
                    assertThat(e.failures()).extracting(RecordFailure::itemIdentifier).containsExactly("m-0", "m-1", "m-2");
                    assertThat(e.getCause()).isSameAs(first);
                    assertThat(e.getSuppressed()).hasSize(2);
                    assertThat(e.getMessage()).contains("all 3 records", "m-0, m-1, m-2", "throwOnFullBatchFailure")
                            .doesNotContain("down 0");
                });
    }

    @Test
    void process_someRecordsFail_withThrowOnFullBatchFailure_returnsPartialResponse() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .throwOnFullBatchFailure(true)
                .rawHandler((m, ctx) -> {
                    if (!m.getMessageId().equals("m-2")) {
                        throw new IllegalStateException("down");
                    }
                })
                .build();

        SQSBatchResponse response = processor.process(sqs(3), TestContext.create());

        assertThat(ids(response)).containsExactly("m-0", "m-1");
    }

    @Test
    void process_emptyBatch_withThrowOnFullBatchFailure_returnsEmptyResponse() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .throwOnFullBatchFailure(true)
                .rawHandler((m, ctx) -> {
                    throw new IllegalStateException("never called");
                })
                .build();

        assertThat(processor.process(sqs(0), TestContext.create()).getBatchItemFailures()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"id\":\"o-1\",\"quantity\":\"many\"}", "[1,2]", "{\"id\":\"o-1\"} trailing", "null", "", "{\"id\":"})
    void process_undecodableBody_failsThatRecordAloneWithoutCallingTheHandler(String badBody) {
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        List<RecordFailure> failures = Collections.synchronizedList(new ArrayList<>());
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .handler(Order.class, (order, ctx) -> handled.add(order.id()))
                .onFailure((m, f) -> failures.add(f))
                .build();
        SQSEvent event = sqs(List.of(sqsMessage("m-1", orderJson("o-1", 1)), sqsMessage("m-2", badBody), sqsMessage("m-3", orderJson("o-3", 3))));

        SQSBatchResponse response = processor.process(event, TestContext.create());

        assertThat(ids(response)).containsExactly("m-2");
        assertThat(handled).containsExactly("o-1", "o-3");
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(Reason.UNDECODABLE);
            assertThat(f.error()).isInstanceOf(RecordDeserializationException.class)
                    .hasMessageContaining("record m-2 could not be decoded as " + Order.class.getName());
            assertThat(((RecordDeserializationException) f.error()).itemIdentifier()).isEqualTo("m-2");
        });
        assertThat(CapturedLogs.at(Level.ERROR)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("SQS record m-2 could not be decoded", "handler did not run"));
    }

    @Test
    void process_undecodableBody_messageDoesNotContainTheBody() {
        List<RecordFailure> failures = new ArrayList<>();
        String secretBody = "{\"id\":\"o-1\",\"card\":\"4111111111111111\",\"quantity\":\"many\"}";
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .handler(Order.class, (order, ctx) -> { })
                .onFailure((m, f) -> failures.add(f))
                .build();

        processor.process(sqs(List.of(sqsMessage("m-1", secretBody))), TestContext.create());

        assertThat(failures.get(0).error().getMessage()).doesNotContain("4111111111111111").contains("line 1");
    }

    @Test
    void process_messageWithoutBody_isUndecodable() {
        List<RecordFailure> failures = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .handler(String.class, (body, ctx) -> { })
                .onFailure((m, f) -> failures.add(f))
                .build();

        SQSBatchResponse response = processor.process(sqs(List.of(sqsMessage("m-1", null))), TestContext.create());

        assertThat(ids(response)).containsExactly("m-1");
        assertThat(failures.get(0).reason()).isEqualTo(Reason.UNDECODABLE);
        assertThat(failures.get(0).error()).hasMessageContaining("no body");
    }

    @Test
    void handler_stringType_receivesTheBodyAsItIs() {
        List<String> bodies = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder().handler(String.class, (b, ctx) -> bodies.add(b)).build();

        processor.process(sqs(List.of(sqsMessage("m-1", "plain text, not JSON"))), TestContext.create());

        assertThat(bodies).containsExactly("plain text, not JSON");
    }

    @Test
    void handler_typeReference_decodesGenericBodies() {
        List<List<Order>> seen = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .handler(new TypeReference<List<Order>>() { }, (orders, ctx) -> seen.add(orders))
                .build();

        processor.process(sqs(List.of(sqsMessage("m-1", "[" + orderJson("a", 1) + "," + orderJson("b", 2) + "]"))), TestContext.create());

        assertThat(seen).singleElement().satisfies(orders ->
                assertThat(orders).containsExactly(new Order("a", 1, new BigDecimal("9.99")), new Order("b", 2, new BigDecimal("9.99"))));
    }

    @Test
    void handler_customDecoder_decodesAndFailsLikeTheBuiltInOne() {
        List<Integer> lengths = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .handler((SQSMessage m) -> {
                    if (m.getBody().isEmpty()) {
                        throw new IllegalArgumentException("empty");
                    }
                    return m.getBody().length();
                }, (len, ctx) -> lengths.add(len))
                .build();

        SQSBatchResponse response = processor.process(sqs(List.of(sqsMessage("m-1", "abc"), sqsMessage("m-2", ""))), TestContext.create());

        assertThat(lengths).containsExactly(3);
        assertThat(ids(response)).containsExactly("m-2");
    }

    @Test
    void objectMapper_custom_isUsedForTypedBodies() {
        List<Map<String, Object>> seen = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .objectMapper(Json.configure(new com.fasterxml.jackson.databind.ObjectMapper())
                        .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS))
                .handler(new TypeReference<Map<String, Object>>() { }, (m, ctx) -> seen.add(m))
                .build();

        processor.process(sqs(List.of(sqsMessage("m-1", "{\"price\":0.1}"))), TestContext.create());

        assertThat(seen.get(0).get("price")).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void process_duplicateMessageIds_reportsEachIdOnce() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .rawHandler((m, ctx) -> {
                    throw new IllegalStateException("down");
                })
                .build();
        SQSEvent event = sqs(List.of(sqsMessage("m-1", "a"), sqsMessage("m-2", "b"), sqsMessage("m-1", "a")));

        assertThat(ids(processor.process(event, TestContext.create()))).containsExactly("m-1", "m-2");
    }

    @Test
    void process_recordWithoutMessageId_throwsBeforeProcessingAnything() {
        List<String> handled = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder().rawHandler((m, ctx) -> handled.add(m.getMessageId())).build();
        SQSEvent event = sqs(List.of(sqsMessage("m-1", "a"), sqsMessage(null, "b"), sqsMessage(" ", "c")));

        assertThatThrownBy(() -> processor.process(event, TestContext.create()))
                .isExactlyInstanceOf(BatchException.class)
                .hasMessageContaining("2 of 3 records have no messageId (index 1, 2)")
                .hasMessageContaining("whole batch fails");
        assertThat(handled).isEmpty();
    }

    @Test
    void process_nullEventOrContext_throwsClearBatchException() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder().rawHandler((m, ctx) -> { }).build();

        assertThatThrownBy(() -> processor.process(null, TestContext.create()))
                .isInstanceOf(BatchException.class).hasMessageContaining("SQSEvent was null");
        assertThatThrownBy(() -> processor.process(sqs(1), null))
                .isInstanceOf(BatchException.class).hasMessageContaining("Context was null");
    }

    @Test
    void onSuccess_throwing_failsThatRecord() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .rawHandler((m, ctx) -> { })
                .onSuccess(m -> {
                    if (m.getMessageId().equals("m-1")) {
                        throw new IllegalStateException("ack failed");
                    }
                })
                .build();

        assertThat(ids(processor.process(sqs(3), TestContext.create()))).containsExactly("m-1");
    }

    @Test
    void onFailure_calledOncePerFailureInBatchOrder_andItsErrorsAreIgnored() {
        List<String> notified = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .rawHandler((m, ctx) -> {
                    if (!m.getMessageId().equals("m-2")) {
                        throw new IllegalStateException("down");
                    }
                })
                .onFailure((m, f) -> {
                    notified.add(m.getMessageId() + ":" + f.reason() + ":" + f.index());
                    throw new IllegalStateException("listener broke");
                })
                .build();

        SQSBatchResponse response = processor.process(sqs(4), TestContext.create());

        assertThat(ids(response)).containsExactly("m-0", "m-1", "m-3");
        assertThat(notified).containsExactly("m-0:HANDLER_FAILED:0", "m-1:HANDLER_FAILED:1", "m-3:HANDLER_FAILED:3");
        assertThat(CapturedLogs.at(Level.WARN)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("failure callback threw"));
    }

    @Test
    void process_handlerThrowsError_failsThatRecordOnly() {
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .rawHandler((m, ctx) -> {
                    if (m.getMessageId().equals("m-0")) {
                        throw new AssertionError("broken invariant");
                    }
                    if (m.getMessageId().equals("m-1")) {
                        throw new StackOverflowError();
                    }
                })
                .build();

        assertThat(ids(processor.process(sqs(3), TestContext.create()))).containsExactly("m-0", "m-1");
    }

    @Test
    void process_handlerThrowsOutOfMemoryError_propagatesAfterTheBatch() {
        List<String> handled = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder()
                .rawHandler((m, ctx) -> {
                    handled.add(m.getMessageId());
                    if (m.getMessageId().equals("m-1")) {
                        throw new OutOfMemoryError("simulated");
                    }
                })
                .build();

        assertThatThrownBy(() -> processor.process(sqs(4), TestContext.create()))
                .isInstanceOf(OutOfMemoryError.class).hasMessage("simulated");
        assertThat(handled).containsExactly("m-0", "m-1");
    }

    @Test
    void process_realWireEvent_decodesBodiesAndReportsFailures() {
        String json = """
                {"Records":[
                  {"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
                   "body":"{\\"id\\":\\"o-1\\",\\"quantity\\":2,\\"price\\":1.5}",
                   "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1545082649183","SenderId":"AIDAIENQZJOLO23YVJ4VO","ApproximateFirstReceiveTimestamp":"1545082649185"},
                   "messageAttributes":{},"md5OfBody":"e4e68fb7bd0e697a0ae8f1bb342846b3","eventSource":"aws:sqs",
                   "eventSourceARN":"arn:aws:sqs:us-east-2:123456789012:my-queue","awsRegion":"us-east-2"},
                  {"messageId":"2e1424d4-f796-459a-8184-9c92662be6da","receiptHandle":"AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq",
                   "body":"oops","attributes":{"ApproximateReceiveCount":"1"},"messageAttributes":{},
                   "md5OfBody":"e4e68fb7bd0e697a0ae8f1bb342846b3","eventSource":"aws:sqs",
                   "eventSourceARN":"arn:aws:sqs:us-east-2:123456789012:my-queue","awsRegion":"us-east-2"}]}
                """;
        List<Order> orders = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = builder().handler(Order.class, (o, ctx) -> orders.add(o)).build();

        SQSBatchResponse response = processor.process(Events.fromJson(json, SQSEvent.class), TestContext.create());

        assertThat(orders).containsExactly(new Order("o-1", 2, new BigDecimal("1.5")));
        assertThat(ids(response)).containsExactly("2e1424d4-f796-459a-8184-9c92662be6da");
        assertThat(Set.copyOf(ids(response))).hasSize(1);
    }
}
