package io.lambdakit.metrics.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.metrics.FlushMetrics;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.metrics.MetricUnit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Handlers whose only metrics code is the annotation and {@link Metrics#global()}. */
public class AnnotatedHandlers {

    @FlushMetrics
    public Object plain(Scenario scenario, Context context) throws Exception {
        return scenario.run(Metrics.global());
    }

    @FlushMetrics(captureColdStart = true)
    public Object coldStart(Scenario scenario, Context context) throws Exception {
        return scenario.run(Metrics.global());
    }

    @FlushMetrics(raiseOnEmptyMetrics = true)
    public Object raising(Scenario scenario, Context context) throws Exception {
        return scenario.run(Metrics.global());
    }

    @FlushMetrics(namespace = "Billing", service = "invoices", functionName = "invoices-live", captureColdStart = true)
    public String overriding(String order, Context context) {
        Metrics.global().add("Invoiced", 1, MetricUnit.COUNT);
        return order;
    }

    @FlushMetrics
    public String contextFirst(Context context, String order) {
        Metrics.global().add("ContextFirst", 1);
        return order;
    }

    @FlushMetrics
    public void stream(InputStream in, OutputStream out, Context context) throws IOException {
        byte[] body = in.readAllBytes();
        Metrics.global().add("Bytes", body.length, MetricUnit.BYTES);
        out.write(body);
    }

    @FlushMetrics
    public String noContext(String order) {
        Metrics.global().add("NoContext", 1);
        return order;
    }

    @FlushMetrics(namespace = "Not Valid!")
    public String invalidNamespace(String order, Context context) {
        Metrics.global().add("NeverRuns", 1);
        return order;
    }

    /** Not annotated: nothing is flushed by it. */
    public String unannotated(String order, Context context) {
        Metrics.global().add("Unflushed", 1);
        return order;
    }

    @FlushMetrics
    public String outer(String order, Context context) {
        Metrics.global().add("Outer", 1);
        inner(order, context);
        return order;
    }

    @FlushMetrics
    public String inner(String order, Context context) {
        Metrics.global().add("Inner", 1);
        return new String(order.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
