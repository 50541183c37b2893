package io.lambdakit.logging.internal;

import io.lambdakit.core.InvocationContext;

/**
 * What the logging engine keeps for one invocation, as an attribute of its
 * {@link InvocationContext} (so worker threads of the invocation see it): the correlation id, the
 * sampling decision and the line buffer. Removed when the invocation ends.
 */
final class InvocationLogState {

    /** The attribute key. */
    public static final InvocationContext.Key<InvocationLogState> KEY = InvocationContext.Key.of("lambdakit-logging.state");

    private final LogPipeline pipeline;
    private final double samplingRate;
    private final boolean sampled;
    private final LogBuffer buffer;
    private volatile String correlationId;

    InvocationLogState(LogPipeline pipeline, double samplingRate, boolean sampled, LogBuffer buffer) {
        this.pipeline = pipeline;
        this.samplingRate = samplingRate;
        this.sampled = sampled;
        this.buffer = buffer;
    }

    /** @return the state of the invocation this thread is in, if a logging engine runs it */
    public static InvocationLogState current() {
        InvocationContext ic = InvocationContext.current().orElse(null);
        return ic == null ? null : ic.attribute(KEY).orElse(null);
    }

    /** @return the pipeline that runs this invocation */
    public LogPipeline pipeline() {
        return pipeline;
    }

    /** @return the configured sampling rate, 0 when off */
    public double samplingRate() {
        return samplingRate;
    }

    /** @return true when this invocation logs at DEBUG */
    public boolean sampled() {
        return sampled;
    }

    /** @return the buffer, or null when buffering is off */
    public LogBuffer buffer() {
        return buffer;
    }

    /** @return the correlation id, or null */
    public String correlationId() {
        return correlationId;
    }

    /** @param id the correlation id, or null to remove it */
    public void correlationId(String id) {
        this.correlationId = id;
    }
}
