package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.lambdakit.batch.RecordFailure.Reason;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.testing.MutableClock;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lambdakit.batch.Events.ids;
import static io.lambdakit.batch.Events.kinesis;
import static io.lambdakit.batch.Events.kinesisRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KinesisBatchProcessorTest {

    private final ExecutionEnvironment env = ExecutionEnvironment.builder().build();

    @BeforeEach
    void clearLogs() {
        CapturedLogs.clear();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KinesisEvent orders(int n) {
        List<KinesisEventRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(kinesisRecord("4959" + i, utf8("{\"id\":\"o-" + i + "\",\"quantity\":" + i + "}")));
        }
        return kinesis(records);
    }

    @Test
    void process_allRecordsSucceed_returnsEmptyFailureList() {
        List<Order> seen = new ArrayList<>();
        BatchProcessor<KinesisEvent, StreamsEventResponse> processor = BatchProcessor.kinesis().executionEnvironment(env)
                .handler(Order.class, (o, ctx) -> seen.add(o)).build();

        StreamsEventResponse response = processor.process(orders(3), TestContext.create());

        assertThat(response.getBatchItemFailures()).isNotNull().isEmpty();
        assertThat(seen).extracting(Order::id).containsExactly("o-0", "o-1", "o-2");
    }

    @Test
    void process_someRecordsFail_reportsTheirSequenceNumbersAndContinues() {
        List<String> seen = new ArrayList<>();
        BatchProcessor<KinesisEvent, StreamsEventResponse> processor = BatchProcessor.kinesis().executionEnvironment(env)
                .handler(Order.class, (o, ctx) -> {
                    seen.add(o.id());
                    if (o.quantity() == 1 || o.quantity() == 3) {
                        throw new IllegalStateException("down");
                    }
                }).build();

        StreamsEventResponse response = processor.process(orders(5), TestContext.create());

        assertThat(ids(response)).containsExactly("49591", "49593");
        assertThat(seen).hasSize(5);
    }

    @Test
    void process_allRecordsFail_byDefault_reportsEverySequenceNumber() {
        BatchProcessor<KinesisEvent, StreamsEventResponse> processor = BatchProcessor.kinesis().executionEnvironment(env)
                .rawHandler((r, ctx) -> {
                    throw new IllegalStateException("down");
                }).build();

        assertThat(ids(processor.process(orders(3), TestContext.create()))).containsExactly("49590", "49591", "49592");
    }

    @Test
    void process_allRecordsFail_withThrowOnFullBatchFailure_throws() {
        BatchProcessor<KinesisEvent, StreamsEventResponse> processor = BatchProcessor.kinesis().executionEnvironment(env)
                .throwOnFullBatchFailure(true)
                .rawHandler((r, ctx) -> {
                    throw new IllegalStateException("down");
                }).build();

        assertThatThrownBy(() -> processor.process(orders(3), TestContext.create()))
                .isInstanceOfSatisfying(BatchFailedException.class, e -> {
                    assertThat(e.failures()).extracting(RecordFailure::itemIdentifier).containsExactly("49590", "49591", "49592");
                    assertThat(e.getMessage()).contains("Kinesis batch", "kinesis.sequenceNumber");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"quantity\":\"x\"}", "{\"id\":\"a\"}{\"id\":\"b\"}", "null"})
    void process_undecodableData_failsThatRecordAlone(String badData) {
        List<String> seen = new ArrayList<>();
        List<RecordFailure> failures = new ArrayList<>();
        BatchProcessor<KinesisEvent, StreamsEventResponse> processor = BatchProcessor.kinesis().executionEnvironment(env)
                .handler(Order.class, (o, ctx) -> seen.add(o.id()))
                .onFailure((r, f) -> failures.add(f))
                .build();
        KinesisEvent event = kinesis(List.of(kinesisRecord("1", utf8("{\"id\":\"a\"}")), kinesisRecord("2", utf8(badData)),
                kinesisRecord("3", utf8("{\"id\":\"c\"}"))));

        StreamsEventResponse response = processor.process(event, TestContext.create());

        assertThat(ids(response)).containsExactly("2");
        assertThat(seen).containsExactly("a", "c");
        assertThat(failures).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo(Reason.UNDECODABLE));
        assertThat(CapturedLogs.at(Level.ERROR)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("Kinesis record 2 could not be decoded"));
    }

    @Test
    void process_recordWithoutData_isUndecodable() {
        KinesisEventRecord noData = kinesisRecord("1", new byte[0]);
        noData.getKinesis().setData(null);
        List<RecordFailure> failures = new ArrayList<>();
        BatchProcessor<KinesisEvent, StreamsEventResponse> processor = BatchProcessor.kinesis().executionEnvironment(env)
                .handler(byte[].class, (b, ctx) -> { })
                .onFailure((r, f) -> failures.add(f)).build();

        assertThat(ids(processor.process(kinesis(List.of(noData)), TestContext.create()))).containsExactly("1");
        assertThat(failures.get(0).error()).hasMessageContaining("no data");
    }

    @Test
    void handler_stringAndBytes_receiveTheDecodedDataAsItIs_withoutMovingTheBuffer() {
        byte[] payload = {(byte) 0xC3, (byte) 0xA9, 't', 0, (byte) 0xFF};
        KinesisEventRecord record = kinesisRecord("1", payload);
        ByteBuffer data = record.getKinesis().getData();
        List<byte[]> bytes = new ArrayList<>();
        List<String> texts = new ArrayList<>();

        BatchProcessor.kinesis().executionEnvironment(env).handler(byte[].class, (b, ctx) -> bytes.add(b)).build()
                .process(kinesis(List.of(record)), TestContext.create());
        BatchProcessor.kinesis().executionEnvironment(env).handler(String.class, (s, ctx) -> texts.add(s)).build()
                .process(kinesis(List.of(record)), TestContext.create());

        assertThat(bytes).singleElement().isEqualTo(payload);
        assertThat(texts).singleElement().isEqualTo(new String(payload, StandardCharsets.UTF_8));
        assertThat(data.position()).isZero();
        assertThat(data.remaining()).isEqualTo(payload.length);
    }

    @Test
    void process_realWireEvent_decodesBase64DataAndReportsFailures() {
        String okData = java.util.Base64.getEncoder().encodeToString(utf8("{\"id\":\"o-1\",\"quantity\":2,\"price\":3.25}"));
        String badData = java.util.Base64.getEncoder().encodeToString(utf8("Hello, this is a test."));
        String json = """
                {"Records":[
                 {"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"1","sequenceNumber":"49590338271490256608559692538361571095921575989136588898",
                   "data":"%s","approximateArrivalTimestamp":1545084650.987},
                  "eventSource":"aws:kinesis","eventVersion":"1.0","eventID":"shardId-000000000006:49590338271490256608559692538361571095921575989136588898",
                  "eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::123456789012:role/lambda-role","awsRegion":"us-east-2",
                  "eventSourceARN":"arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream"},
                 {"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"1","sequenceNumber":"49590338271490256608559692540925702759324208523137515618",
                   "data":"%s","approximateArrivalTimestamp":1545084711.166},
                  "eventSource":"aws:kinesis","eventVersion":"1.0","eventID":"shardId-000000000006:49590338271490256608559692540925702759324208523137515618",
                  "eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::123456789012:role/lambda-role","awsRegion":"us-east-2",
                  "eventSourceARN":"arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream"}]}
                """.formatted(okData, badData);
        List<Order> seen = new ArrayList<>();
        BatchProcessor<KinesisEvent, StreamsEventResponse> processor = BatchProcessor.kinesis().executionEnvironment(env)
                .handler(Order.class, (o, ctx) -> seen.add(o)).build();

        StreamsEventResponse response = processor.process(Events.fromJson(json, KinesisEvent.class), TestContext.create());

        assertThat(seen).containsExactly(new Order("o-1", 2, new BigDecimal("3.25")));
        assertThat(ids(response)).containsExactly("49590338271490256608559692540925702759324208523137515618");
    }

    @Test
    void process_recordWithoutKinesisSection_throwsBeforeProcessingAnything() {
        KinesisEventRecord broken = new KinesisEventRecord();
        AtomicInteger handled = new AtomicInteger();
        BatchProcessor<KinesisEvent, StreamsEventResponse> processor = BatchProcessor.kinesis().executionEnvironment(env)
                .rawHandler((r, ctx) -> handled.incrementAndGet()).build();

        assertThatThrownBy(() -> processor.process(kinesis(List.of(kinesisRecord("1", utf8("{}")), broken)), TestContext.create()))
                .isInstanceOf(BatchException.class).hasMessageContaining("1 of 2 records have no kinesis.sequenceNumber (index 1)");
        assertThat(handled.get()).isZero();
    }

    @Test
    void parallel_1000RecordsWithRandomFailures_reportsExactlyTheFailedSequenceNumbers() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            List<KinesisEventRecord> records = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                boolean fail = random.nextInt(4) == 0;
                records.add(kinesisRecord(String.valueOf(1_000_000 + i), utf8(fail ? "\"fail\"" : "\"ok\"")));
                if (fail) {
                    expected.add(String.valueOf(1_000_000 + i));
                }
            }
            Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
            BatchProcessor<KinesisEvent, StreamsEventResponse> processor = BatchProcessor.kinesis().executionEnvironment(env)
                    .parallelism(6)
                    .rawHandler((r, ctx) -> {
                        calls.computeIfAbsent(r.getKinesis().getSequenceNumber(), k -> new AtomicInteger()).incrementAndGet();
                        if (StandardCharsets.UTF_8.decode(r.getKinesis().getData().duplicate()).toString().equals("\"fail\"")) {
                            throw new IllegalStateException("down");
                        }
                    }).build();

            StreamsEventResponse response = processor.process(kinesis(records), TestContext.create());

            assertThat(ids(response)).containsExactlyElementsOf(expected);
            assertThat(calls).hasSize(1000);
            assertThat(calls.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
        }
    }

    @Test
    void deadline_cutOff_reportsUnstartedSequenceNumbers() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-22T10:00:00Z"));
        Set<String> handled = Collections.synchronizedSet(new java.util.LinkedHashSet<>());
        BatchProcessor<KinesisEvent, StreamsEventResponse> processor = BatchProcessor.kinesis()
                .executionEnvironment(ExecutionEnvironment.builder().clock(clock).build())
                .deadlineMargin(Duration.ofMillis(500))
                .rawHandler((r, ctx) -> {
                    handled.add(r.getKinesis().getSequenceNumber());
                    clock.advance(Duration.ofMillis(400));
                }).build();

        // 1.5 s left, cut-off at 1 s: records start at 0, 0.4 and 0.8 s
        StreamsEventResponse response = processor.process(orders(5), Events.context(1_500));

        assertThat(handled).containsExactly("49590", "49591", "49592");
        assertThat(ids(response)).containsExactly("49593", "49594");
    }
}
