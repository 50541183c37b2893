package io.lambdakit.idempotency;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every HTTP attempt the real SDK client transmits, by operation name: the round trips. */
public final class CountingInterceptor implements ExecutionInterceptor {

    private final List<String> transmitted = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        synchronized (transmitted) {
            transmitted.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            transmitted.notifyAll();
        }
    }

    /**
     * @param operation an operation name, e.g. GetItem
     * @param timeout   the longest wait
     * @return true once the client has transmitted it, false on timeout
     */
    public boolean await(String operation, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (transmitted) {
            while (!transmitted.contains(operation)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                transmitted.wait(left);
            }
            return true;
        }
    }

    /** @return the operations sent so far, in order */
    public List<String> transmitted() {
        return List.copyOf(transmitted);
    }

    public void reset() {
        transmitted.clear();
    }
}
