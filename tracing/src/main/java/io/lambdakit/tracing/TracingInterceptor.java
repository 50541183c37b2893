package io.lambdakit.tracing;

import io.lambdakit.tracing.internal.AwsSdkCalls;
import io.lambdakit.tracing.internal.TracingEngine;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Traces AWS SDK v2 calls: each call made during a sampled invocation becomes a subsegment
 * ({@code namespace: aws}) of the current subsegment, with service, operation, region, request id,
 * table/queue/topic/function/secret name, retries, HTTP status and errors, throttling and faults (a DynamoDB
 * condition that did not hold keeps its cause but is not flagged as an error); every call made in an
 * invocation carries {@code X-Amzn-Trace-Id} so downstream services join the trace, and a call made outside
 * any invocation (at init, from a thread that does not carry one) carries none. Add it with one line on the
 * client builder:
 *
 * <pre>{@code
 * DynamoDbClient ddb = DynamoDbClient.builder()
 *         .overrideConfiguration(o -> o.addExecutionInterceptor(new TracingInterceptor()))
 *         .build();
 * }</pre>
 *
 * <p>The no-argument constructor uses {@link Tracer#current()} at call time, so one interceptor
 * follows {@link Tracer#install(Tracer)}; it can also be listed in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} to trace every client.
 * Requires {@code software.amazon.awssdk:sdk-core} and {@code aws-core}, which every AWS service
 * client brings.
 */
public final class TracingInterceptor implements ExecutionInterceptor {

    private final Tracer tracer;

    /** An interceptor that records with {@link Tracer#current()} at call time. */
    public TracingInterceptor() {
        this.tracer = null;
    }

    /**
     * @param tracer the tracer to record with
     */
    public TracingInterceptor(Tracer tracer) {
        this.tracer = java.util.Objects.requireNonNull(tracer, "tracer");
    }

    private TracingEngine engine() {
        return (tracer != null ? tracer : Tracer.current()).engine();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
        AwsSdkCalls.beforeExecution(engine(), context, executionAttributes);
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
        return AwsSdkCalls.modifyHttpRequest(engine(), context, executionAttributes);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        AwsSdkCalls.beforeTransmission(executionAttributes);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
        AwsSdkCalls.afterExecution(engine(), context, executionAttributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
        AwsSdkCalls.onExecutionFailure(engine(), context, executionAttributes);
    }
}
