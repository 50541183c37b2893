package io.lambdakit.tracing.woven;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.tracing.Tracer;
import io.lambdakit.tracing.Tracing;

import java.util.Map;

/** The orders handler traced with annotations. */
// docs:begin annotation
public class WovenOrdersHandler implements RequestHandler<Map<String, String>, String> {

    private final Tracer tracer = Tracer.current();

    @Override
    @Tracing
    public String handleRequest(Map<String, String> event, Context context) {
        String id = event.get("id");
        tracer.putAnnotation("order_id", id);
        tracer.putMetadata("event", event);
        return charge(id);
    }

    @Tracing(namespace = "payments")
    String charge(String id) {
        if (id.startsWith("fail")) {
            throw new IllegalStateException("card declined for " + id);
        }
        return audit("charged " + id);
    }

    @Tracing(segmentName = "Audit trail", captureMode = io.lambdakit.tracing.CaptureMode.DISABLED)
    String audit(String line) {
        return line;
    }
}
// docs:end annotation
