package io.lambdakit.examples.orders;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lambdakit.core.Lifecycle;

/**
 * SnapStart priming. With {@code SnapStart: ApplyOn: PublishedVersions}, Lambda initialises the
 * function when a version is published, runs the before-checkpoint hooks, snapshots the JVM and
 * later restores environments from that snapshot. Whatever a hook loads and JIT-compiles (JSON
 * parsing of a sample request, the response writers, DynamoDB request marshalling, the HMAC provider)
 * is in the snapshot, so the first request after a restore does not pay for it.
 *
 * <p>The hooks touch nothing outside the JVM: no network call, no secret read (a secret in a
 * snapshot would outlive its rotation; lambdakit-secrets also empties its cache after a restore),
 * no order written. Each handler registers its hook in its constructor, which runs at init.
 */
final class Priming {

    /** A valid order, parsed by the priming hook. */
    static final String SAMPLE_ORDER = "{\"customerId\":\"primer\",\"currency\":\"EUR\","
            + "\"items\":[{\"sku\":\"primer\",\"quantity\":1,\"unitPriceCents\":100}]}";
    /** A valid payment confirmation, parsed by the priming hook. */
    static final String SAMPLE_PAYMENT = "{\"orderId\":\"primer\",\"paymentId\":\"primer\",\"amountCents\":100}";

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    private Priming() {
    }

    static void register(Lifecycle lifecycle, String name, Lifecycle.Hook hook) {
        lifecycle.onBeforeCheckpoint(name, () -> {
            long started = System.nanoTime();
            hook.run();
            LOG.info("primed {} in {} ms", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        });
    }
}
