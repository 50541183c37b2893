package io.lambdakit.examples.orders.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every call a DynamoDB client makes as an IAM action and the table it names
 * ({@code dynamodb:PutItem} on {@code OrdersTable}), and can hold or fail chosen calls: the faults
 * (a slow write, a failed write) that DynamoDB Local cannot produce on demand.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    /**
     * One call.
     *
     * @param action   the IAM action, e.g. {@code dynamodb:PutItem}
     * @param resource the table it named
     */
    public record Call(String action, String resource) {
        @Override
        public String toString() {
            return action + " on " + resource;
        }
    }

    private final String servicePrefix;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Predicate<Call> failWhen = c -> false;
    private volatile Predicate<Call> holdWhen = c -> false;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    /**
     * @param servicePrefix the IAM prefix of the client's service, e.g. {@code dynamodb}
     */
    public AwsCallRecorder(String servicePrefix) {
        this.servicePrefix = servicePrefix;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Call call = new Call(servicePrefix + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                context.request().getValueForField("TableName", String.class).orElse("*"));
        calls.add(call);
        if (failWhen.test(call)) {
            throw SdkClientException.create("injected fault: " + call + " failed");
        }
        if (holdWhen.test(call)) {
            held.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw SdkClientException.create("held " + call + " for 30 s without release");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SdkClientException.create("interrupted while holding " + call);
            }
        }
    }

    /** @return the calls so far */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the calls recorded so far. */
    public void clear() {
        calls.clear();
    }

    /**
     * @param when which calls fail (with an {@code SdkClientException}, as a network failure would)
     */
    public void failWhen(Predicate<Call> when) {
        this.failWhen = when;
    }

    /**
     * Holds the next matching call until {@link #release()}.
     *
     * @param when which call to hold
     */
    public void holdWhen(Predicate<Call> when) {
        this.held = new CountDownLatch(1);
        this.release = new CountDownLatch(1);
        this.holdWhen = when;
    }

    /**
     * @return true once a matching call is being held (waits up to 30 s)
     * @throws InterruptedException when interrupted
     */
    public boolean awaitHeld() throws InterruptedException {
        return held.await(30, TimeUnit.SECONDS);
    }

    /** Lets held calls proceed and holds no more. */
    public void release() {
        holdWhen = c -> false;
        release.countDown();
    }
}
