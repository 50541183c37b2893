package io.lambdakit.tracing.woven;

import io.lambdakit.tracing.Tracing;

import java.util.concurrent.atomic.AtomicInteger;

/** A woven method whose {@code @Tracing} attribute {@code TraceOptions} rejects: X-Ray reserves {@code AWS.}. */
public class ReservedNamespaceHandler {

    /** How often the body ran. */
    public final AtomicInteger bodyRuns = new AtomicInteger();

    /**
     * @param id an order id
     * @return what was charged
     */
    @Tracing(namespace = "AWS.payments")
    public String charge(String id) {
        bodyRuns.incrementAndGet();
        return "charged " + id;
    }
}
