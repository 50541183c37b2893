package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.lambdakit.batch.RecordFailure.Reason;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static io.lambdakit.batch.Events.fifoMessage;
import static io.lambdakit.batch.Events.ids;
import static io.lambdakit.batch.Events.sqs;
import static org.assertj.core.api.Assertions.assertThat;

class SqsFifoTest {

    private final ExecutionEnvironment env = ExecutionEnvironment.builder().build();

    @BeforeEach
    void clearLogs() {
        CapturedLogs.clear();
    }

    /** Three groups, interleaved: A1 B1 A2 C1 B2 A3 C2 B3. */
    private static SQSEvent threeGroups() {
        List<SQSMessage> messages = new ArrayList<>();
        for (String id : List.of("A1", "B1", "A2", "C1", "B2", "A3", "C2", "B3")) {
            messages.add(fifoMessage(id, id.substring(0, 1), id));
        }
        return sqs(messages);
    }

    private static RecordHandler<String> failing(Set<String> failing, List<String> handled) {
        return (body, ctx) -> {
            handled.add(body);
            if (failing.contains(body)) {
                throw new IllegalStateException("cannot process " + body);
            }
        };
    }

    @Test
    void fifo_firstFailure_stopsAndReportsItAndEveryLaterRecordInOrder() {
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        List<RecordFailure> failures = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .handler(String.class, failing(Set.of("B2"), handled))
                .onFailure((m, f) -> failures.add(f))
                .build();

        SQSBatchResponse response = processor.process(threeGroups(), TestContext.create());

        assertThat(handled).containsExactly("A1", "B1", "A2", "C1", "B2");
        assertThat(ids(response)).containsExactly("B2", "A3", "C2", "B3");
        assertThat(failures).extracting(RecordFailure::reason)
                .containsExactly(Reason.HANDLER_FAILED, Reason.FIFO_SKIPPED, Reason.FIFO_SKIPPED, Reason.FIFO_SKIPPED);
        assertThat(CapturedLogs.at(Level.WARN)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("3 records of the FIFO batch were not processed", "the batch", "A3, C2, B3"));
    }

    @Test
    void fifo_undecodableRecord_alsoStopsTheBatch() {
        List<String> handled = new ArrayList<>();
        SQSEvent event = sqs(List.of(fifoMessage("A1", "A", "{\"id\":\"1\"}"), fifoMessage("B1", "B", "garbage"),
                fifoMessage("A2", "A", "{\"id\":\"2\"}")));
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .handler(Order.class, (o, ctx) -> handled.add(o.id()))
                .build();

        assertThat(ids(processor.process(event, TestContext.create()))).containsExactly("B1", "A2");
        assertThat(handled).containsExactly("1");
    }

    @Test
    void fifo_skipGroupOnError_failsOnlyTheRestOfTheFailedGroup() {
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .skipGroupOnError(true)
                .handler(String.class, failing(Set.of("B2"), handled))
                .build();

        SQSBatchResponse response = processor.process(threeGroups(), TestContext.create());

        assertThat(handled).containsExactly("A1", "B1", "A2", "C1", "B2", "A3", "C2");
        assertThat(ids(response)).containsExactly("B2", "B3");
        assertThat(CapturedLogs.at(Level.WARN)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("their message group", "B3"));
    }

    @Test
    void fifo_skipGroupOnError_severalGroupsFail_reportsEachGroupsRemainderInBatchOrder() {
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .skipGroupOnError(true)
                .handler(String.class, failing(Set.of("A1", "C2"), handled))
                .build();

        SQSBatchResponse response = processor.process(threeGroups(), TestContext.create());

        assertThat(handled).containsExactly("A1", "B1", "C1", "B2", "C2", "B3");
        assertThat(ids(response)).containsExactly("A1", "A2", "A3", "C2");
    }

    @RepeatedTest(20)
    void fifo_skipGroupOnError_inParallel_runsGroupsConcurrentlyEachInOrder() throws Exception {
        Map<String, List<String>> perGroup = new ConcurrentHashMap<>();
        CyclicBarrier firstOfEachGroup = new CyclicBarrier(3);
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .skipGroupOnError(true)
                .parallelism(3)
                .handler(String.class, (body, ctx) -> {
                    if (body.endsWith("1")) {
                        firstOfEachGroup.await(10, TimeUnit.SECONDS); // only passes if the three groups run at once
                    }
                    perGroup.computeIfAbsent(body.substring(0, 1), g -> Collections.synchronizedList(new ArrayList<>())).add(body);
                    if (body.equals("B2")) {
                        throw new IllegalStateException("B2 fails");
                    }
                })
                .build();

        SQSBatchResponse response = processor.process(threeGroups(), TestContext.create());

        assertThat(ids(response)).containsExactly("B2", "B3");
        assertThat(perGroup).containsOnly(
                Map.entry("A", List.of("A1", "A2", "A3")),
                Map.entry("B", List.of("B1", "B2")),
                Map.entry("C", List.of("C1", "C2")));
    }

    @Test
    void fifo_withParallelismButNoSkipGroup_processesOneByOneInBatchOrderOnTheCallingThread() {
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(8)
                .handler(String.class, (body, ctx) -> {
                    threads.add(Thread.currentThread());
                    handled.add(body);
                })
                .build();

        processor.process(threeGroups(), TestContext.create());

        assertThat(handled).containsExactly("A1", "B1", "A2", "C1", "B2", "A3", "C2", "B3");
        assertThat(threads).containsExactly(Thread.currentThread());
    }

    @Test
    void fifo_detectedFromMessageGroupIdWithoutFifoArn() {
        List<SQSMessage> messages = new ArrayList<>();
        for (String id : List.of("A1", "A2", "A3")) {
            SQSMessage m = fifoMessage(id, "A", id);
            m.setEventSourceArn(Events.QUEUE_ARN);
            messages.add(m);
        }
        List<String> handled = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .handler(String.class, failing(Set.of("A1"), handled)).build();

        assertThat(ids(processor.process(sqs(messages), TestContext.create()))).containsExactly("A1", "A2", "A3");
        assertThat(handled).containsExactly("A1");
    }

    @Test
    void fifo_detectedFromFifoArnWithoutGroupAttribute() {
        List<SQSMessage> messages = new ArrayList<>();
        for (String id : List.of("A1", "A2")) {
            SQSMessage m = Events.sqsMessage(id, id);
            m.setEventSourceArn(Events.FIFO_ARN);
            messages.add(m);
        }
        List<String> handled = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .handler(String.class, failing(Set.of("A1"), handled)).build();

        assertThat(ids(processor.process(sqs(messages), TestContext.create()))).containsExactly("A1", "A2");
    }

    @Test
    void standardQueue_failure_doesNotStopLaterRecords() {
        List<String> handled = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .handler(String.class, failing(Set.of("0"), handled)).build();

        assertThat(ids(processor.process(sqs(3), TestContext.create()))).containsExactly("m-0");
        assertThat(handled).containsExactly("0", "1", "2");
    }
}
