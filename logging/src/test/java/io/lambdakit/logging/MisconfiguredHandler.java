package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;

import java.util.concurrent.atomic.AtomicInteger;

/** Annotation mistakes: they must fail like the same mistakes on the builder, before the body runs. */
public class MisconfiguredHandler {

    /** How often a body of this handler ran. */
    public final AtomicInteger bodyRuns = new AtomicInteger();

    @Logging(samplingRate = 7, correlationIdPath = "a.[", logEvent = true)
    public String handle(String event, Context context) {
        bodyRuns.incrementAndGet();
        return "handled " + event;
    }

    @Logging(logEvent = true)
    public String notAHandler(String event) {
        return "helper " + event;
    }
}
