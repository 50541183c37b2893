package io.lambdakit.tracing.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.Environment;
import io.lambdakit.tracing.Tracer;
import io.lambdakit.tracing.TracingInterceptor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handler {@code TracingConcurrencyIT} runs on a Lambda Managed Instances environment: invocations wait for each
 * other in waves of {@code AWS_LAMBDA_MAX_CONCURRENCY}, then each makes five DynamoDB calls (ListTables, its
 * {@code ExclusiveStartTableName} naming the call and the event's {@code id}) to {@code SDK_ENDPOINT}: through a
 * client with lambdakit's {@link TracingInterceptor}, inside a {@code ## charge} subsegment ({@code traced-}) and
 * from a worker thread shared by all invocations (created at init), carried with
 * {@link Tracer#wrap(java.util.concurrent.Callable)} ({@code worker-traced-}); and through a plain client without
 * it, on the runtime's thread ({@code plain-}), from the shared worker without anything carried
 * ({@code worker-plain-}) and from a thread the invocation starts and joins ({@code child-plain-}). The handler
 * subsegment is annotated with the
 * {@code id} and {@code in_flight}, how many request ids were inside the handler when it entered.
 */
public class ConcurrentSdkCallsHandler implements RequestHandler<Map<String, String>, String> {

    private static final Set<String> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final CyclicBarrier WAVE = new CyclicBarrier(Environment.system().maxConcurrency());
    private static final ThreadPoolExecutor WORKERS = (ThreadPoolExecutor) Executors.newFixedThreadPool(3, task -> {
        Thread t = new Thread(task, "shared-worker");
        t.setDaemon(true);
        return t;
    });

    static {
        // the workers are created now, at init, by the thread that initialises the function: a thread created during
        // an invocation would inherit (and share) the runtime thread's SdkInternalThreadLocal map, see the IT
        WORKERS.prestartAllCoreThreads();
    }

    private final Tracer tracer = Tracer.current();
    private final String endpoint = Environment.system().get("SDK_ENDPOINT")
            .orElseThrow(() -> new IllegalStateException("set SDK_ENDPOINT to the test's HTTP server"));
    private final DynamoDbClient traced = client(new TracingInterceptor(tracer));
    private final DynamoDbClient plain = client(null);

    private DynamoDbClient client(ExecutionInterceptor interceptor) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> {
                    if (interceptor != null) {
                        o.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    @Override
    public String handleRequest(Map<String, String> event, Context context) {
        return tracer.execute(context, () -> {
            String id = event.get("id");
            IN_FLIGHT.add(context.getAwsRequestId());
            int inFlight = IN_FLIGHT.size();
            try {
                awaitWave();
                tracer.putAnnotation("order_id", id);
                tracer.putAnnotation("in_flight", inFlight);
                tracer.trace("charge", () -> {
                    traced.listTables(b -> b.exclusiveStartTableName("traced-" + id));
                    return null;
                });
                WORKERS.submit(tracer.wrap(() -> traced.listTables(b -> b.exclusiveStartTableName("worker-traced-" + id))))
                        .get(30, TimeUnit.SECONDS);
                plain.listTables(b -> b.exclusiveStartTableName("plain-" + id));
                WORKERS.submit(() -> plain.listTables(b -> b.exclusiveStartTableName("worker-plain-" + id))).get(30, TimeUnit.SECONDS);
                Thread child = new Thread(() -> plain.listTables(b -> b.exclusiveStartTableName("child-plain-" + id)), "started-by-" + id);
                child.start();
                child.join();
                return id;
            } finally {
                IN_FLIGHT.remove(context.getAwsRequestId());
            }
        });
    }

    private static void awaitWave() throws InterruptedException {
        try {
            WAVE.await(10, TimeUnit.SECONDS);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other invocations of the wave never came: fewer than "
                    + WAVE.getParties() + " were in flight", e);
        }
    }
}
