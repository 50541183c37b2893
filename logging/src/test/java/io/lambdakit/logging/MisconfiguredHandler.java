package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;

/** Annotation mistakes that must never fail the handler. */
public class MisconfiguredHandler {

    @Logging(samplingRate = 7, correlationIdPath = "a.[", logEvent = true)
    public String handle(String event, Context context) {
        return "handled " + event;
    }

    @Logging(logEvent = true)
    public String notAHandler(String event) {
        return "helper " + event;
    }
}
