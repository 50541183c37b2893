package io.lambdakit.tracing.woven;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.tracing.CaptureMode;
import io.lambdakit.tracing.TraceOptions;
import io.lambdakit.tracing.Tracer;
import io.lambdakit.tracing.Tracing;

import java.util.Map;

/** The same handler traced with the plain API, no AspectJ. */
public class PlainOrdersHandler implements RequestHandler<Map<String, String>, String> {

    private static final TraceOptions CHARGE = TraceOptions.builder("charge").namespace("payments").build();
    private static final TraceOptions AUDIT = TraceOptions.builder("audit").segmentName("Audit trail").captureMode(CaptureMode.DISABLED).build();

    private final Tracer tracer = Tracer.current();

    @Override
    public String handleRequest(Map<String, String> event, Context context) {
        return tracer.execute(context, () -> {
            String id = event.get("id");
            tracer.putAnnotation("order_id", id);
            tracer.putMetadata("event", event);
            return tracer.trace(CHARGE, () -> charge(id));
        });
    }

    private String charge(String id) {
        if (id.startsWith("fail")) {
            throw new IllegalStateException("card declined for " + id);
        }
        return tracer.trace(AUDIT, () -> "charged " + id);
    }
}
