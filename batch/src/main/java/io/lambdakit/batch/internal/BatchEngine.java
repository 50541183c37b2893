package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.batch.BatchException;
import io.lambdakit.batch.RecordDeserializationException;
import io.lambdakit.batch.RecordFailure;
import io.lambdakit.batch.RecordFailure.Reason;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.InvocationScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/**
 * Runs a record task over every record of a batch and says which records failed and why. One
 * engine per processor, shared by concurrent invocations; all per-batch state lives in a
 * {@link Run}.
 *
 * <p>Every record has one result slot, written by exactly the thread that processed (or skipped)
 * it and read by the calling thread after a latch, so results are collected without a shared
 * list: none is lost and none is reported twice. Failures come out in batch order.
 *
 * @param <M> the raw record type
 */
final class BatchEngine<M> {

    private static final long NO_CUT_OFF = Long.MAX_VALUE;
    private static final int MAX_IDS_IN_MESSAGE = 5;

    private final RecordSource<?, M, ?> source;
    private final RecordTask<M> task;
    private final BatchConfig config;
    private final Workers.Launcher workers;
    private final ExecutionEnvironment executionEnvironment;
    private final ClassPreloader preloader;
    private final BiConsumer<? super M, RecordFailure> onFailure;
    private final Logger log;
    private final AtomicBoolean listenerWarned = new AtomicBoolean();
    private final AtomicBoolean rejectionWarned = new AtomicBoolean();

    /**
     * @param source               the event source
     * @param task                 decode + handle + success callback for one record
     * @param config               resolved settings
     * @param workers              where worker loops run; null when parallelism is 1
     * @param executionEnvironment whose clock and invocation scope to use
     * @param onFailure            called for each failed record, in batch order, on the calling thread; may be null
     */
    BatchEngine(RecordSource<?, M, ?> source, RecordTask<M> task, BatchConfig config, Workers.Launcher workers,
                       ExecutionEnvironment executionEnvironment, BiConsumer<? super M, RecordFailure> onFailure) {
        this.source = source;
        this.task = task;
        this.config = config;
        this.workers = workers;
        this.executionEnvironment = executionEnvironment;
        this.onFailure = onFailure;
        this.log = LoggerFactory.getLogger(BatchEngine.class);
        this.preloader = ClassPreloader.register(executionEnvironment.lifecycle(), "batch", BatchEngine.class);
    }

    /** @return the preloader of this module's class list, registered before the checkpoint */
    ClassPreloader preloader() {
        return preloader;
    }

    /** @return the event source */
    RecordSource<?, M, ?> source() {
        return source;
    }

    /** @return the settings */
    BatchConfig config() {
        return config;
    }

    /**
     * Processes the batch within the invocation's scope.
     *
     * @param records the batch; may be empty
     * @param context the Lambda context
     * @return the failed records, in batch order, at most one per record
     * @throws BatchException when a record has no identifier, so nothing was processed
     */
    List<RecordFailure> run(List<M> records, Context context) {
        if (records.isEmpty()) {
            return List.of();
        }
        String[] ids = identifiers(records);
        try (InvocationScope scope = executionEnvironment.enter(context)) {
            Run run = new Run(records, ids, context, scope.context());
            run.execute();
            return run.collect();
        }
    }

    private String[] identifiers(List<M> records) {
        int n = records.size();
        String[] ids = new String[n];
        List<Integer> missing = null;
        for (int i = 0; i < n; i++) {
            M record = records.get(i);
            String id = record == null ? null : source.identifier(record);
            if (id == null || id.isBlank()) {
                if (missing == null) {
                    missing = new ArrayList<>();
                }
                missing.add(i);
            }
            ids[i] = id;
        }
        if (missing != null) {
            throw new BatchException(missing.size() + " of " + n + " records have no " + source.identifierName()
                    + " (index " + join(missing) + "), so a failure of theirs could not be reported and they would be lost;"
                    + " nothing was processed and the whole batch fails. This processor was built for " + source.name()
                    + " events: check that the function is subscribed to " + source.name()
                    + " or build the processor with BatchProcessor.sqs(), kinesis() or dynamoDbStreams() to match its source");
        }
        return ids;
    }

    /** One batch being processed. */
    private final class Run {
        private final List<M> records;
        private final String[] ids;
        private final Context context;
        private final InvocationContext invocation;
        private final RecordFailure[] slots;
        private final Clock clock;
        private final long cutOffMillis;
        private volatile boolean started;
        private volatile boolean stopped;
        private volatile long cutOffObservedMillis;
        private final AtomicReference<Throwable> fatal = new AtomicReference<>();

        Run(List<M> records, String[] ids, Context context, InvocationContext invocation) {
            this.records = records;
            this.ids = ids;
            this.context = context;
            this.invocation = invocation;
            this.slots = new RecordFailure[records.size()];
            this.clock = invocation.executionEnvironment().clock();
            long margin = config.deadlineMarginMillis();
            // A Context that reports no remaining time (a stub in a unit test) has no usable deadline.
            this.cutOffMillis = margin > 0 && context.getRemainingTimeInMillis() > 0
                    ? invocation.deadline().toEpochMilli() - margin
                    : NO_CUT_OFF;
        }

        void execute() {
            boolean fifo = source.isFifo(records);
            if (fifo && !config.skipGroupOnError()) {
                fifoStopAtFirstFailure();
            } else if (fifo && (workers == null || records.size() == 1)) {
                fifoSkipGroupInOrder();
            } else if (fifo) {
                fifoGroupsInParallel();
            } else if (workers == null || records.size() == 1) {
                sequential();
            } else {
                parallel(records.size(), this::recordUnit);
            }
        }

        private void sequential() {
            int n = records.size();
            for (int i = 0; i < n; i++) {
                if (mustStop()) {
                    skipFrom(i, Reason.DEADLINE);
                    return;
                }
                process(i);
            }
        }

        private void fifoStopAtFirstFailure() {
            int n = records.size();
            for (int i = 0; i < n; i++) {
                if (mustStop()) {
                    skipFrom(i, Reason.DEADLINE);
                    return;
                }
                if (!process(i)) {
                    skipFrom(i + 1, Reason.FIFO_SKIPPED);
                    return;
                }
            }
        }

        /** Sequential: batch order, skipping the rest of each group that failed. */
        private void fifoSkipGroupInOrder() {
            Map<String, Reason> skippedGroups = null;
            boolean cutOff = false;
            for (int i = 0; i < records.size(); i++) {
                String group = groupOf(i);
                Reason skip = skippedGroups == null ? null : skippedGroups.get(group);
                if (skip == null && (cutOff || mustStop())) {
                    cutOff = true;
                    skip = Reason.DEADLINE;
                }
                if (skip != null) {
                    slots[i] = failure(i, skip, null);
                } else if (!process(i)) {
                    if (skippedGroups == null) {
                        skippedGroups = new HashMap<>();
                    }
                    skippedGroups.put(group, Reason.FIFO_SKIPPED);
                }
            }
        }

        /** Parallel: one unit per message group, each group in order on one thread. */
        private void fifoGroupsInParallel() {
            Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
            for (int i = 0; i < records.size(); i++) {
                byGroup.computeIfAbsent(groupOf(i), g -> new ArrayList<>()).add(i);
            }
            List<List<Integer>> groups = new ArrayList<>(byGroup.values());
            parallel(groups.size(), g -> groupUnit(groups.get(g)));
        }

        private String groupOf(int i) {
            String group = source.group(records.get(i));
            return group == null ? "" : group;
        }

        /** One message group, in order: after a failure (or the cut-off) the rest of the group is not processed. */
        private void groupUnit(List<Integer> group) {
            Reason skip = null;
            for (int i : group) {
                if (skip == null && mustStop()) {
                    skip = Reason.DEADLINE;
                }
                if (skip != null) {
                    slots[i] = failure(i, skip, null);
                } else if (!process(i)) {
                    skip = Reason.FIFO_SKIPPED;
                }
            }
        }

        private void recordUnit(int i) {
            if (mustStop()) {
                slots[i] = failure(i, Reason.DEADLINE, null);
            } else {
                process(i);
            }
        }

        /**
         * Runs {@code units} units on up to {@code parallelism} loops: the calling thread's and
         * workers'. Each loop claims the next unit until none is left; the caller then waits only
         * for units that were claimed, so a worker that starts late (or never) delays nothing.
         */
        private void parallel(int units, IntConsumer unit) {
            int loops = Math.min(config.parallelism(), units);
            AtomicInteger next = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(units);
            Runnable loop = () -> {
                int u;
                while ((u = next.getAndIncrement()) < units) {
                    try {
                        unit.accept(u);
                    } finally {
                        done.countDown();
                    }
                }
            };
            Runnable worker = invocation.wrap(withMdc(MDC.getCopyOfContextMap(), loop));
            for (int k = 1; k < loops; k++) {
                try {
                    workers.launch(worker);
                } catch (RejectedExecutionException e) {
                    if (rejectionWarned.compareAndSet(false, true)) {
                        log.warn("The batch executor rejected a worker; the calling thread processes its records instead ({})", e.toString());
                    }
                    break;
                }
            }
            loop.run();
            awaitUninterruptibly(done);
        }

        private boolean mustStop() {
            if (stopped) {
                return true;
            }
            if (cutOffMillis == NO_CUT_OFF || !started) {
                return false; // the first record always starts, so every retry makes progress
            }
            long now = clock.millis();
            if (now >= cutOffMillis) {
                cutOffObservedMillis = now;
                stopped = true;
                return true;
            }
            return false;
        }

        /** @return true when record {@code i} succeeded */
        private boolean process(int i) {
            if (!started) {
                started = true;
            }
            try {
                task.run(records.get(i), context);
                return true;
            } catch (RecordDeserializationException e) {
                slots[i] = failure(i, Reason.UNDECODABLE, e);
            } catch (StackOverflowError e) {
                slots[i] = failure(i, Reason.HANDLER_FAILED, e);
            } catch (VirtualMachineError e) {
                // the JVM is in trouble: start nothing more and fail the invocation after the batch
                fatal.compareAndSet(null, e);
                stopped = true;
                slots[i] = failure(i, Reason.HANDLER_FAILED, e);
            } catch (Throwable e) {
                slots[i] = failure(i, Reason.HANDLER_FAILED, e);
            }
            return false;
        }

        private void skipFrom(int from, Reason reason) {
            for (int i = from; i < slots.length; i++) {
                slots[i] = failure(i, reason, null);
            }
        }

        private RecordFailure failure(int i, Reason reason, Throwable error) {
            return new RecordFailure(ids[i], i, reason, error);
        }

        List<RecordFailure> collect() {
            List<RecordFailure> failures = null;
            List<String> skipped = null;
            List<String> notStarted = null;
            for (RecordFailure f : slots) {
                if (f == null) {
                    continue;
                }
                if (failures == null) {
                    failures = new ArrayList<>();
                }
                failures.add(f);
                switch (f.reason()) {
                    case HANDLER_FAILED -> log.error("{} record {} failed and is reported as a batch item failure", source.name(), f.itemIdentifier(), f.error());
                    case UNDECODABLE -> log.error("{} record {} could not be decoded and is reported as a batch item failure; its handler did not run: {}",
                            source.name(), f.itemIdentifier(), f.error().getMessage(), f.error());
                    case FIFO_SKIPPED -> {
                        if (skipped == null) {
                            skipped = new ArrayList<>();
                        }
                        skipped.add(f.itemIdentifier());
                    }
                    case DEADLINE -> {
                        if (notStarted == null) {
                            notStarted = new ArrayList<>();
                        }
                        notStarted.add(f.itemIdentifier());
                    }
                }
            }
            if (failures == null) {
                return List.of();
            }
            if (skipped != null) {
                log.warn("{} records of the FIFO batch were not processed because an earlier record of {} failed; they are reported as"
                                + " batch item failures to keep the order ({} {})", skipped.size(),
                        config.skipGroupOnError() ? "their message group" : "the batch", source.identifierName(), join(skipped));
            }
            Throwable vmError = fatal.get();
            if (notStarted != null && vmError != null) {
                log.error("{} of {} records were not started because a record failed with {}; they are reported as batch item failures",
                        notStarted.size(), slots.length, vmError.toString());
            } else if (notStarted != null) {
                long left = cutOffObservedMillis == 0 ? -1 : cutOffMillis + config.deadlineMarginMillis() - cutOffObservedMillis;
                log.warn("Stopped starting records with {} ms left before the deadline (deadline margin {} ms): {} of {} records were not"
                                + " started and are reported as batch item failures, so only they are retried ({} {})",
                        left, config.deadlineMarginMillis(), notStarted.size(), slots.length, source.identifierName(), join(notStarted));
            }
            if (onFailure != null) {
                for (RecordFailure f : failures) {
                    notifyListener(f);
                }
            }
            if (vmError instanceof VirtualMachineError) {
                throw (VirtualMachineError) vmError;
            }
            return failures;
        }

        private void notifyListener(RecordFailure f) {
            try {
                onFailure.accept(records.get(f.index()), f);
            } catch (RuntimeException e) {
                if (listenerWarned.compareAndSet(false, true)) {
                    log.warn("The batch failure callback threw for record {}; ignored (further callback errors are logged at debug)", f.itemIdentifier(), e);
                } else {
                    log.debug("The batch failure callback threw for record {}; ignored", f.itemIdentifier(), e);
                }
            }
        }
    }

    private static Runnable withMdc(Map<String, String> mdc, Runnable task) {
        if (mdc == null || mdc.isEmpty()) {
            return task;
        }
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            MDC.setContextMap(mdc);
            try {
                task.run();
            } finally {
                if (previous == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(previous);
                }
            }
        };
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // records in flight must finish before the batch can be reported
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String join(List<?> values) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(values.size(), MAX_IDS_IN_MESSAGE);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(values.get(i));
        }
        if (values.size() > shown) {
            sb.append(", ... ").append(values.size() - shown).append(" more");
        }
        return sb.toString();
    }
}
