package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.lambdakit.batch.RecordFailure.Reason;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.testing.MutableClock;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.lambdakit.batch.Events.fifoMessage;
import static io.lambdakit.batch.Events.ids;
import static io.lambdakit.batch.Events.sqs;
import static org.assertj.core.api.Assertions.assertThat;

class DeadlineCutOffTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-22T10:00:00Z"));
    private final ExecutionEnvironment env = ExecutionEnvironment.builder().clock(clock).build();

    @BeforeEach
    void clearLogs() {
        CapturedLogs.clear();
    }

    /** A handler that takes {@code each} of (injected) time per record. */
    private RecordHandler<SQSMessage> taking(Duration each, List<String> handled) {
        return (m, ctx) -> {
            handled.add(m.getMessageId());
            clock.advance(each);
        };
    }

    @Test
    void sequential_remainingTimeBelowMargin_stopsStartingAndReportsUnstartedRecords() {
        List<String> handled = new ArrayList<>();
        List<RecordFailure> failures = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .deadlineMargin(Duration.ofSeconds(2))
                .rawHandler(taking(Duration.ofSeconds(3), handled))
                .onFailure((m, f) -> failures.add(f))
                .build();

        // 10 s left, cut-off at 8 s: records start at 0, 3 and 6 s; at 9 s nothing more starts
        SQSBatchResponse response = processor.process(sqs(5), Events.context(10_000));

        assertThat(handled).containsExactly("m-0", "m-1", "m-2");
        assertThat(ids(response)).containsExactly("m-3", "m-4");
        assertThat(failures).extracting(RecordFailure::reason).containsOnly(Reason.DEADLINE);
        assertThat(failures).allSatisfy(f -> assertThat(f.cause()).isEmpty());
        assertThat(CapturedLogs.at(Level.WARN)).singleElement().satisfies(e -> assertThat(e.message())
                .contains("with 1000 ms left", "deadline margin 2000 ms", "2 of 5 records were not started", "m-3, m-4"));
    }

    @Test
    void sequential_enoughTime_processesEverything() {
        List<String> handled = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .deadlineMargin(Duration.ofSeconds(2))
                .rawHandler(taking(Duration.ofMillis(1_599), handled))
                .build();

        // the last record starts at 7.996 s, just before the 8 s cut-off
        SQSBatchResponse response = processor.process(sqs(6), Events.context(10_000));

        assertThat(handled).hasSize(6);
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void firstRecord_alwaysStarts_evenWhenLessThanTheMarginIsLeft() {
        List<String> handled = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .rawHandler(taking(Duration.ofMillis(10), handled))
                .build();

        SQSBatchResponse response = processor.process(sqs(3), Events.context(500));

        assertThat(handled).containsExactly("m-0");
        assertThat(ids(response)).containsExactly("m-1", "m-2");
    }

    @Test
    void defaultMargin_isOneSecond() {
        List<String> handled = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .rawHandler(taking(Duration.ofMillis(1_000), handled))
                .build();

        // 3 s left: starts at 0, 1 s; at 2 s exactly 1 s is left, which is not more than the margin
        SQSBatchResponse response = processor.process(sqs(4), Events.context(3_000));

        assertThat(handled).containsExactly("m-0", "m-1");
        assertThat(ids(response)).containsExactly("m-2", "m-3");
    }

    @Test
    void zeroMargin_turnsTheCutOffOff() {
        List<String> handled = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .deadlineMargin(Duration.ZERO)
                .rawHandler(taking(Duration.ofSeconds(100), handled))
                .build();

        SQSBatchResponse response = processor.process(sqs(3), Events.context(1_000));

        assertThat(handled).hasSize(3);
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void contextWithoutRemainingTime_hasNoDeadlineToCutOffAt() {
        List<String> handled = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .rawHandler(taking(Duration.ofSeconds(100), handled))
                .build();

        SQSBatchResponse response = processor.process(sqs(3), Events.context(0));

        assertThat(handled).hasSize(3);
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void marginFromEnvironmentVariable_isUsedWhenTheBuilderSetsNone() {
        ExecutionEnvironment withVar = ExecutionEnvironment.builder().clock(clock)
                .environment(Environment.of(Map.of("LAMBDAKIT_BATCH_DEADLINE_MARGIN_MS", "5000"))).build();
        List<String> handled = new ArrayList<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(withVar)
                .rawHandler(taking(Duration.ofSeconds(3), handled))
                .build();

        SQSBatchResponse response = processor.process(sqs(4), Events.context(10_000));

        assertThat(handled).containsExactly("m-0", "m-1");
        assertThat(ids(response)).containsExactly("m-2", "m-3");
    }

    @Test
    void deadline_isTakenFromAnOuterScopeOpenedEarlierInTheInvocation() {
        List<String> handled = new ArrayList<>();
        TestContext lambdaContext = Events.context(10_000);
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .deadlineMargin(Duration.ofSeconds(2))
                .rawHandler(taking(Duration.ofSeconds(1), handled))
                .build();

        try (InvocationScope outer = env.enter(lambdaContext)) {
            clock.advance(Duration.ofSeconds(6)); // the handler spent 6 s before processing the batch
            SQSBatchResponse response = processor.process(sqs(4), lambdaContext);

            assertThat(outer.isOutermost()).isTrue();
            assertThat(handled).containsExactly("m-0", "m-1");
            assertThat(ids(response)).containsExactly("m-2", "m-3");
        }
    }

    @Test
    void fifo_cutOff_reportsEveryLaterRecordInOrder() {
        List<String> handled = new ArrayList<>();
        List<SQSMessage> messages = new ArrayList<>();
        for (String id : List.of("A1", "B1", "A2", "B2", "A3")) {
            messages.add(fifoMessage(id, id.substring(0, 1), id));
        }
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .deadlineMargin(Duration.ofSeconds(2))
                .rawHandler(taking(Duration.ofSeconds(3), handled))
                .build();

        SQSBatchResponse response = processor.process(sqs(messages), Events.context(8_000));

        assertThat(handled).containsExactly("A1", "B1");
        assertThat(ids(response)).containsExactly("A2", "B2", "A3");
    }

    @Test
    void fifoSkipGroup_cutOff_keepsGroupSkipsAndReportsTheRestAsNotStarted() {
        List<String> handled = new ArrayList<>();
        List<RecordFailure> failures = new ArrayList<>();
        List<SQSMessage> messages = new ArrayList<>();
        for (String id : List.of("A1", "B1", "A2", "B2", "C1", "A3")) {
            messages.add(fifoMessage(id, id.substring(0, 1), id));
        }
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .skipGroupOnError(true)
                .deadlineMargin(Duration.ofSeconds(2))
                .rawHandler((m, ctx) -> {
                    handled.add(m.getMessageId());
                    clock.advance(Duration.ofSeconds(2));
                    if (m.getMessageId().equals("A1")) {
                        throw new IllegalStateException("A1 fails");
                    }
                })
                .onFailure((m, f) -> failures.add(f))
                .build();

        // 7 s left, cut-off at 5 s: A1 (0 s, fails), B1 (2 s), A2 skipped, B2 (4 s); at 6 s C1 and A3 are not started
        SQSBatchResponse response = processor.process(sqs(messages), Events.context(7_000));

        assertThat(handled).containsExactly("A1", "B1", "B2");
        assertThat(ids(response)).containsExactly("A1", "A2", "C1", "A3");
        assertThat(failures).extracting(RecordFailure::reason)
                .containsExactly(Reason.HANDLER_FAILED, Reason.FIFO_SKIPPED, Reason.DEADLINE, Reason.FIFO_SKIPPED);
    }

    @RepeatedTest(20)
    void parallel_cutOff_startedAndNotStartedRecordsPartitionTheBatch() {
        Set<String> handled = ConcurrentHashMap.newKeySet();
        List<RecordFailure> failures = Collections.synchronizedList(new ArrayList<>());
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(4)
                .deadlineMargin(Duration.ofSeconds(1))
                .rawHandler((m, ctx) -> {
                    handled.add(m.getMessageId());
                    clock.advance(Duration.ofMillis(100));
                })
                .onFailure((m, f) -> failures.add(f))
                .build();

        // 5 s left, cut-off at 4 s = after 40 records' worth of time; up to 3 more may have passed the check concurrently
        SQSBatchResponse response = processor.process(sqs(100), Events.context(5_000));

        Set<String> reported = new HashSet<>(ids(response));
        assertThat(handled.size()).isBetween(40, 43);
        assertThat(reported).hasSize(100 - handled.size()).doesNotContainAnyElementsOf(handled);
        assertThat(failures).extracting(RecordFailure::reason).containsOnly(Reason.DEADLINE);
    }
}
