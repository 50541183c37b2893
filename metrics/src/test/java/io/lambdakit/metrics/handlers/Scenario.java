package io.lambdakit.metrics.handlers;

import io.lambdakit.metrics.Metrics;

/** A handler body run through both front doors by the parity test. */
@FunctionalInterface
public interface Scenario {
    /**
     * @param metrics the instance to record into
     * @return the handler's result
     * @throws Exception whatever the body throws
     */
    Object run(Metrics metrics) throws Exception;
}
