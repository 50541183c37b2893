package io.lambdakit.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.batch.internal.BatchConfig;
import io.lambdakit.batch.internal.BatchEngine;
import io.lambdakit.batch.internal.RecordSource;
import io.lambdakit.batch.internal.RecordTask;
import io.lambdakit.batch.internal.Tasks;
import io.lambdakit.batch.internal.Workers;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The settings every event source shares. Precedence: a call on this builder, then the
 * environment variable, then the default. Everything is validated in {@link #build()}, which
 * reports every problem in one {@link ConfigurationException}.
 *
 * @param <B> the concrete builder
 * @param <M> the raw record type
 * @param <E> the event type
 * @param <R> the response type
 */
public abstract sealed class BatchBuilder<B extends BatchBuilder<B, M, E, R>, M, E, R>
        permits SqsBatchBuilder, KinesisBatchBuilder, DynamoDbBatchBuilder {

    /** Environment variable: records processed at once (default {@value #DEFAULT_PARALLELISM}, sequential). */
    public static final String PARALLELISM_VARIABLE = "LAMBDAKIT_BATCH_PARALLELISM";
    /** Environment variable: the deadline margin in milliseconds (default 1000; 0 turns the cut-off off). */
    public static final String DEADLINE_MARGIN_VARIABLE = "LAMBDAKIT_BATCH_DEADLINE_MARGIN_MS";
    /** Environment variable: {@code true} to throw when every record failed (default false). */
    public static final String THROW_ON_FULL_BATCH_FAILURE_VARIABLE = "LAMBDAKIT_BATCH_THROW_ON_FULL_BATCH_FAILURE";

    /** Default parallelism: one record at a time, in order. */
    public static final int DEFAULT_PARALLELISM = 1;
    /** Largest parallelism accepted. */
    public static final int MAX_PARALLELISM = 1024;
    /** Default deadline margin. */
    public static final Duration DEFAULT_DEADLINE_MARGIN = Duration.ofSeconds(1);

    private static final String COMPONENT = "lambdakit-batch";

    /** Turns the handler given to the builder into a record task once the mapper is known. */
    interface TaskFactory<M> {
        RecordTask<M> create(ObjectMapper mapper, Consumer<? super M> onSuccess);
    }

    private ExecutionEnvironment executionEnvironment;
    private Integer parallelism;
    private Executor executor;
    private Boolean throwOnFullBatchFailure;
    private Duration deadlineMargin;
    private ObjectMapper objectMapper;
    private Consumer<? super M> onSuccess;
    private BiConsumer<? super M, RecordFailure> onFailure;
    private TaskFactory<M> taskFactory;
    private int handlersSet;

    BatchBuilder() {
    }

    abstract B self();

    abstract RecordSource<M> source();

    abstract BatchProcessor<E, R> create(BatchEngine<M> engine);

    abstract boolean skipGroupOnError();

    final B task(TaskFactory<M> factory) {
        this.taskFactory = factory;
        handlersSet++;
        return self();
    }

    /**
     * Sets a handler that receives each record as the event holds it.
     *
     * @param handler the record handler
     * @return this builder
     */
    public B rawHandler(RecordHandler<M> handler) {
        Objects.requireNonNull(handler, "handler");
        return task((mapper, success) -> Tasks.raw(handler, success));
    }

    /**
     * How many records (for FIFO with {@code skipGroupOnError}: message groups) are processed at
     * once. 1, the default, processes them one by one in batch order. Above 1 the calling thread
     * and up to {@code parallelism - 1} workers (virtual threads on Java 21+, else a small pool of
     * the processor's own) share the batch. A FIFO batch without {@code skipGroupOnError} is
     * always processed one by one, in order. Variable: {@value #PARALLELISM_VARIABLE}.
     *
     * @param parallelism from 1 to {@value #MAX_PARALLELISM}
     * @return this builder
     */
    public B parallelism(int parallelism) {
        this.parallelism = parallelism;
        return self();
    }

    /**
     * Runs the workers of parallel batches on this executor instead of virtual threads or the
     * processor's own pool. At most {@code parallelism - 1} tasks are submitted per batch; if the
     * executor rejects one, the calling thread does that work itself.
     *
     * @param executor the executor
     * @return this builder
     */
    public B executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return self();
    }

    /**
     * When every record of a non-empty batch failed, throw {@link BatchFailedException} instead
     * of returning every record as failed, so the invocation counts as an error and Lambda backs
     * off before retrying. Default false (as in Powertools for AWS Lambda (Java)). Variable:
     * {@value #THROW_ON_FULL_BATCH_FAILURE_VARIABLE}.
     *
     * @param throwOnFullBatchFailure true to throw
     * @return this builder
     */
    public B throwOnFullBatchFailure(boolean throwOnFullBatchFailure) {
        this.throwOnFullBatchFailure = throwOnFullBatchFailure;
        return self();
    }

    /**
     * When less than this is left before the invocation's deadline, records not yet started are
     * not started but reported as failures (reason {@code DEADLINE}), so that a timeout does not
     * make Lambda retry the whole batch, successes included. Records already running are waited
     * for, so the margin should exceed the slowest record. The first record of a batch always
     * starts, so each retry makes progress. {@code Duration.ZERO} turns the cut-off off. Default
     * 1 s. Variable: {@value #DEADLINE_MARGIN_VARIABLE} (milliseconds).
     *
     * @param margin zero or positive
     * @return this builder
     */
    public B deadlineMargin(Duration margin) {
        this.deadlineMargin = Objects.requireNonNull(margin, "margin");
        return self();
    }

    /**
     * @param objectMapper the mapper typed handlers decode JSON with (default: lambdakit's shared mapper,
     *                     which ignores unknown properties)
     * @return this builder
     */
    public B objectMapper(ObjectMapper objectMapper) {
        this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
        return self();
    }

    /**
     * @param executionEnvironment whose clock, environment variables and invocation scope to use
     *                             (default: {@link ExecutionEnvironment#current()}); tests pass their own
     * @return this builder
     */
    public B executionEnvironment(ExecutionEnvironment executionEnvironment) {
        this.executionEnvironment = Objects.requireNonNull(executionEnvironment, "executionEnvironment");
        return self();
    }

    /**
     * Called with each record right after its handler returned, on the same thread. If it throws,
     * the record fails (as in Powertools).
     *
     * @param onSuccess the callback
     * @return this builder
     */
    public B onSuccess(Consumer<? super M> onSuccess) {
        this.onSuccess = Objects.requireNonNull(onSuccess, "onSuccess");
        return self();
    }

    /**
     * Called once for each failed record, in batch order, on the calling thread, after the whole
     * batch was processed (so it needs no synchronisation even in parallel mode). Failures are
     * also logged through SLF4J. If the callback throws, that is logged and ignored.
     *
     * @param onFailure the callback, given the raw record and why it failed
     * @return this builder
     */
    public B onFailure(BiConsumer<? super M, RecordFailure> onFailure) {
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        return self();
    }

    /**
     * Validates the settings and builds the processor. Do it once, at init.
     *
     * @return the processor
     * @throws ConfigurationException listing every problem found
     */
    public final BatchProcessor<E, R> build() {
        ExecutionEnvironment env = executionEnvironment != null ? executionEnvironment : ExecutionEnvironment.current();
        Environment variables = env.environment();
        ConfigurationException.Problems problems = ConfigurationException.problems(COMPONENT);

        problems.require(handlersSet > 0, "no record handler was set; call handler(..) or rawHandler(..)");
        problems.require(handlersSet <= 1, "a record handler was set " + handlersSet
                + " times; call exactly one of handler(..) or rawHandler(..)");

        int resolvedParallelism = DEFAULT_PARALLELISM;
        if (parallelism != null) {
            problems.require(parallelism >= 1 && parallelism <= MAX_PARALLELISM, "parallelism was " + parallelism
                    + " but it must be between 1 and " + MAX_PARALLELISM + "; call parallelism(n) with a value in that range");
            resolvedParallelism = parallelism;
        } else {
            Optional<String> v = variables.get(PARALLELISM_VARIABLE);
            if (v.isPresent()) {
                Long n = parseLong(v.get());
                problems.require(n != null && n >= 1 && n <= MAX_PARALLELISM, PARALLELISM_VARIABLE + " was '" + v.get()
                        + "' but it must be an integer between 1 and " + MAX_PARALLELISM + "; fix or unset it, or call parallelism(n)");
                resolvedParallelism = n != null && n >= 1 && n <= MAX_PARALLELISM ? n.intValue() : DEFAULT_PARALLELISM;
            }
        }
        problems.require(executor == null || resolvedParallelism != 1, "executor(..) was set but parallelism is "
                + resolvedParallelism + ", so it would never be used; call parallelism(n) with n > 1 or drop executor(..)");

        long marginMillis = DEFAULT_DEADLINE_MARGIN.toMillis();
        if (deadlineMargin != null) {
            problems.require(!deadlineMargin.isNegative(), "deadlineMargin was " + deadlineMargin
                    + " but it must not be negative; call deadlineMargin(Duration.ZERO) to turn the cut-off off");
            marginMillis = Math.max(0, deadlineMargin.toMillis());
        } else {
            Optional<String> v = variables.get(DEADLINE_MARGIN_VARIABLE);
            if (v.isPresent()) {
                Long n = parseLong(v.get());
                problems.require(n != null && n >= 0, DEADLINE_MARGIN_VARIABLE + " was '" + v.get()
                        + "' but it must be a whole number of milliseconds, 0 or more; fix or unset it, or call deadlineMargin(..)");
                marginMillis = n != null && n >= 0 ? n : marginMillis;
            }
        }

        boolean throwOnFull = false;
        if (throwOnFullBatchFailure != null) {
            throwOnFull = throwOnFullBatchFailure;
        } else {
            Optional<String> v = variables.get(THROW_ON_FULL_BATCH_FAILURE_VARIABLE);
            if (v.isPresent()) {
                String s = v.get().toLowerCase(Locale.ROOT);
                problems.require(s.equals("true") || s.equals("false"), THROW_ON_FULL_BATCH_FAILURE_VARIABLE + " was '" + v.get()
                        + "' but it must be true or false; fix or unset it, or call throwOnFullBatchFailure(..)");
                throwOnFull = s.equals("true");
            }
        }
        problems.throwIfAny();

        BatchConfig config = new BatchConfig(resolvedParallelism, marginMillis, throwOnFull, skipGroupOnError());
        Workers.Launcher workers = null;
        if (resolvedParallelism > 1) {
            workers = executor != null ? Workers.of(executor) : Workers.defaults(resolvedParallelism);
        }
        ObjectMapper mapper = objectMapper != null ? objectMapper : Json.mapper();
        RecordTask<M> task = taskFactory.create(mapper, onSuccess);
        return create(new BatchEngine<>(source(), task, config, workers, env, onFailure));
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
