package io.lambdakit.metrics.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.metrics.FlushMetrics;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.metrics.MetricUnit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** Handlers whose only metrics code is the annotation and {@link Metrics#current()}. */
public class AnnotatedHandlers {

    /** How many times the bodies of the handlers with invalid attributes ran (never, they must fail first). */
    public final AtomicInteger bodiesRun = new AtomicInteger();

    @FlushMetrics
    public Object plain(Scenario scenario, Context context) throws Exception {
        return scenario.run(Metrics.current());
    }

    @FlushMetrics(captureColdStart = true)
    public Object coldStart(Scenario scenario, Context context) throws Exception {
        return scenario.run(Metrics.current());
    }

    @FlushMetrics(raiseOnEmptyMetrics = true)
    public Object raising(Scenario scenario, Context context) throws Exception {
        return scenario.run(Metrics.current());
    }

    @FlushMetrics(namespace = "Billing", service = "invoices", functionName = "invoices-live", captureColdStart = true)
    public String overriding(String order, Context context) {
        Metrics.current().add("Invoiced", 1, MetricUnit.COUNT);
        return order;
    }

    @FlushMetrics
    public String contextFirst(Context context, String order) {
        Metrics.current().add("ContextFirst", 1);
        return order;
    }

    @FlushMetrics
    public void stream(InputStream in, OutputStream out, Context context) throws IOException {
        byte[] body = in.readAllBytes();
        Metrics.current().add("Bytes", body.length, MetricUnit.BYTES);
        out.write(body);
    }

    @FlushMetrics
    public String noContext(String order) {
        Metrics.current().add("NoContext", 1);
        return order;
    }

    @FlushMetrics(namespace = "Not Valid!")
    public String invalidNamespace(String order, Context context) {
        bodiesRun.incrementAndGet();
        Metrics.current().add("NeverRuns", 1);
        return order;
    }

    @FlushMetrics(namespace = "Not Valid!", service = " ", functionName = "fn\u0001")
    public String invalidAttributes(String order, Context context) {
        bodiesRun.incrementAndGet();
        return order;
    }

    /** Not annotated: nothing is flushed by it. */
    public String unannotated(String order, Context context) {
        Metrics.current().add("Unflushed", 1);
        return order;
    }

    @FlushMetrics
    public String outer(String order, Context context) {
        Metrics.current().add("Outer", 1);
        inner(order, context);
        return order;
    }

    @FlushMetrics
    public String inner(String order, Context context) {
        Metrics.current().add("Inner", 1);
        return new String(order.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
