package io.lambdakit.secrets.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.secrets.Parameters;
import io.lambdakit.secrets.ProviderKind;
import io.lambdakit.secrets.Secrets;
import io.lambdakit.testing.MutableClock;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The function of {@code ConcurrentSecretsIT}, on Lambda Managed Instances: every read waits until as many
 * invocations as the environment runs at once ({@code AWS_LAMBDA_MAX_CONCURRENCY}) are in the handler, so
 * that they all miss the cache together. The caches' clock is a {@link MutableClock} that an
 * {@code {"advanceMinutes": n}} invocation moves (and reads nothing), so that the values expire without
 * waiting for time to pass.
 */
public class ConcurrentSecretsHandler implements RequestHandler<Map<String, Object>, String> {

    private static final MutableClock CLOCK = MutableClock.create();
    private static final ExecutionEnvironment ENVIRONMENT = ExecutionEnvironment.builder()
            .environment(Environment.system()).clock(CLOCK).build();
    private static final Secrets SECRETS = Secrets.builder().provider(ProviderKind.EXTENSION)
            .maxAge(Duration.ofMinutes(5)).executionEnvironment(ENVIRONMENT).build();
    private static final Parameters PARAMETERS = Parameters.builder().provider(ProviderKind.EXTENSION)
            .maxAge(Duration.ofMinutes(5)).executionEnvironment(ENVIRONMENT).build();
    private static final CyclicBarrier ALL_IN_FLIGHT = new CyclicBarrier(
            Integer.parseInt(Environment.system().get("AWS_LAMBDA_MAX_CONCURRENCY").orElseThrow()));

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        Object advance = event.get("advanceMinutes");
        if (advance != null) {
            CLOCK.advance(Duration.ofMinutes(((Number) advance).longValue()));
            return "advanced";
        }
        try {
            ALL_IN_FLIGHT.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("not every concurrent invocation reached the handler: " + e, e);
        }
        return SECRETS.get("prod/api-key") + " " + PARAMETERS.get("/orders/endpoint");
    }
}
