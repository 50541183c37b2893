package com.example.weaving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.Idempotent;
import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import io.lambdakit.logging.Logging;
import io.lambdakit.metrics.FlushMetrics;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.tracing.Tracer;
import io.lambdakit.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A handler with a bug of its own, for Lambda Managed Instances, where one handler object serves several
 * invocations at once on the runtime's worker threads: it keeps state that every invocation shares and nobody
 * guards (a plain {@code HashMap} of tallies, an {@code int} counter and a "last id" field). Concurrent
 * invocations lose each other's updates and read each other's id: that is the user's bug, and lambdakit cannot
 * and does not fix it. What lambdakit owns must stay each invocation's own whatever the user's state does: the
 * log lines with their MDC entry and correlation id, the EMF blob with its metadata, the X-Ray segments with
 * their annotations, the idempotency record and replay. {@code ManagedInstancesStressIT} checks exactly that.
 *
 * <p>With {@code TALLY_PARTIES=n} (n &gt; 1), every n invocations meet at a barrier inside the body, after they
 * wrote the shared state and logged, counted and traced a first time, and before they do it again: so n
 * invocations are provably inside lambdakit's scopes at the same moment, and all n race on the shared state at
 * once. An invocation that waits 20 s without n-1 others fails, saying so.
 */
public class TallyHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(TallyHandler.class);
    /** The buckets an event may name; all present from the start, so the map only ever changes values. */
    public static final List<String> BUCKETS = List.of("red", "green", "blue", "amber");

    // The user's shared state, deliberately unguarded: the bug this handler demonstrates.
    private final Map<String, Integer> tallies = new HashMap<>();
    private int invocations;
    private String lastId;

    private final CyclicBarrier barrier;

    /** Installs idempotency (an in-memory store, keyed by the event's {@code id}) and reads {@code TALLY_PARTIES}. */
    public TallyHandler() {
        for (String bucket : BUCKETS) {
            tallies.put(bucket, 0);
        }
        String parties = System.getenv("TALLY_PARTIES");
        int n = parties == null || parties.isBlank() ? 1 : Integer.parseInt(parties.trim());
        this.barrier = n > 1 ? new CyclicBarrier(n) : null;
        Idempotency.install(Idempotency.builder()
                .store(InMemoryIdempotencyStore.create())
                .eventKeyJmesPath("id")
                .responseHook((response, record) -> {
                    Object id = ((Map<?, ?>) response).get("id");
                    LOG.atInfo().addKeyValue("tally_id", id).log("replayed tally {}", id);
                    Metrics.current().add("TallyReplayed", 1, MetricUnit.COUNT).addMetadata("tally_id", id);
                    Tracer.current().putAnnotation("replayed_id", String.valueOf(id));
                    return response;
                })
                .build());
    }

    @Override
    @Logging(logEvent = true, correlationIdPath = "id")
    @Tracing
    @FlushMetrics(namespace = "WeavingProof", service = "tally")
    @Idempotent(name = "tally")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String id = String.valueOf(event.get("id"));
        String bucket = String.valueOf(event.get("bucket"));
        MDC.put("tally_id", id);
        try {
            // the user's bug: unsynchronised read-modify-write on shared fields
            invocations++;
            tallies.put(bucket, tallies.get(bucket) + 1);
            lastId = id;

            LOG.info("tallying {} into {}", id, bucket);
            Metrics.current().add("Tallied", 1, MetricUnit.COUNT).addMetadata("tally_id", id);
            Tracer.current().putAnnotation("tally_id", id);

            meetTheOthers(id);

            Tracer.current().trace("tally " + id, () -> {
                Tracer.current().putAnnotation("tally_id", id);
                LOG.atInfo().addKeyValue("tally_id_kv", id).log("tallied {}", id);
                return null;
            });
            Metrics.current().add("TallyFinished", 1, MetricUnit.COUNT);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("id", id);
            response.put("bucket", bucket);
            response.put("requestId", context.getAwsRequestId());
            // what the user's shared state says now: often another invocation's id, and counts that lost updates
            response.put("lastIdSeen", lastId);
            response.put("invocationsSeen", invocations);
            return response;
        } finally {
            MDC.remove("tally_id");
        }
    }

    private void meetTheOthers(String id) {
        if (barrier == null) {
            return;
        }
        try {
            barrier.await(20, TimeUnit.SECONDS);
        } catch (TimeoutException | BrokenBarrierException e) {
            throw new IllegalStateException("tally " + id + " waited 20 s for " + (barrier.getParties() - 1)
                    + " concurrent invocations and only " + barrier.getNumberWaiting() + " came: the runtime did not"
                    + " run " + barrier.getParties() + " invocations at once", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while tally " + id + " waited for the others", e);
        }
    }
}
