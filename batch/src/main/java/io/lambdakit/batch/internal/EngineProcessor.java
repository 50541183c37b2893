package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.batch.BatchException;
import io.lambdakit.batch.BatchFailedException;
import io.lambdakit.batch.RecordFailure;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.Set;

/**
 * What every builder's {@code BatchProcessor} runs (the builder adapts it, so nothing here depends back on the API type): takes the records out of the event, runs the
 * engine, and turns the failures into the source's response (each identifier once, in batch order).
 *
 * @param <E> the event type
 * @param <M> the raw record type
 * @param <R> the response type
 */
final class EngineProcessor<E, M, R> implements BiFunction<E, Context, R> {

    private static final int MAX_SUPPRESSED = 10;

    private final BatchEngine<M> engine;
    private final RecordSource<E, M, R> source;

    /**
     * @param engine the engine
     * @param source takes the records out of an event and builds the response
     */
    EngineProcessor(BatchEngine<M> engine, RecordSource<E, M, R> source) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** @return the engine (tests) */
    BatchEngine<M> engine() {
        return engine;
    }

    @Override
    public R apply(E event, Context context) {
        if (event == null) {
            throw new BatchException("the " + source.eventName() + " was null; pass the event Lambda gave your handler");
        }
        if (context == null) {
            throw new BatchException("the Context was null; pass the Context Lambda gave your handler"
                    + " (in tests, io.lambdakit.testing.TestContext.create())");
        }
        List<M> batch = source.records(event);
        if (batch == null) {
            throw noRecords();
        }
        List<RecordFailure> failures = engine.run(batch, context);
        if (engine.config().throwOnFullBatchFailure() && !batch.isEmpty() && failures.size() == batch.size()) {
            throw fullBatchFailure(failures);
        }
        if (failures.isEmpty()) {
            return source.response(List.of());
        }
        Set<String> ids = new LinkedHashSet<>();
        for (RecordFailure f : failures) {
            ids.add(f.itemIdentifier());
        }
        return source.response(new ArrayList<>(ids));
    }

    /**
     * An event without {@code Records}: what the runtime's deserialiser makes of an event from another
     * source (an API Gateway request, an EventBridge event, a console test event) handed to a handler
     * typed for this source. Returning an empty {@code batchItemFailures} would report it as processed,
     * so the invocation fails instead, saying which trigger the processor expects.
     */
    private BatchException noRecords() {
        String name = source.name();
        return new BatchException("the " + source.eventName() + " has no Records, so it did not come from an event source mapping of "
                + name + " (Lambda never sends one without records) and nothing in it can be processed or"
                + " reported; failing the invocation instead of returning an empty batchItemFailures, which would report"
                + " it as processed. An event from another source (an API Gateway request, an EventBridge"
                + " event, a console test event) arrives like this when it is sent to a handler typed for "
                + source.eventName() + ": check the function's triggers (only an event source mapping of " + name
                + " with ReportBatchItemFailures may invoke it) or build the processor for the source that does invoke it"
                + " (BatchProcessor.sqs(), kinesis() or dynamoDbStreams()). A test event needs a \"Records\" list");
    }

    private BatchFailedException fullBatchFailure(List<RecordFailure> failures) {
        Map<RecordFailure.Reason, Integer> reasons = new EnumMap<>(RecordFailure.Reason.class);
        for (RecordFailure f : failures) {
            reasons.merge(f.reason(), 1, Integer::sum);
        }
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < Math.min(5, failures.size()); i++) {
            ids.append(i == 0 ? "" : ", ").append(failures.get(i).itemIdentifier());
        }
        if (failures.size() > 5) {
            ids.append(", ...");
        }
        Throwable first = failures.get(0).error();
        BatchFailedException ex = new BatchFailedException("all " + failures.size() + " records of the " + engine.source().name()
                + " batch failed " + reasons + "; failing the invocation so that Lambda retries the whole batch"
                + " (throwOnFullBatchFailure). Failed " + engine.source().identifierName() + ": " + ids, failures, first);
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        if (first != null) {
            seen.put(first, true);
        }
        for (RecordFailure f : failures) {
            Throwable e = f.error();
            if (e != null && seen.size() <= MAX_SUPPRESSED && seen.put(e, true) == null) {
                ex.addSuppressed(e);
            }
        }
        return ex;
    }
}
