package io.lambdakit.tracing;

import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.testing.TestContext;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** One test's world: a daemon stand-in, an execution environment of its own, captured warnings. */
public final class TracingFixture implements AutoCloseable {

    /** A trace id and facade segment id, as Lambda would put them in the invocation's trace header. */
    public record Facade(String traceId, String parentId, boolean sampled) {
        /** @return the header, {@code Root=..;Parent=..;Sampled=0|1} */
        public String header() {
            return "Root=" + traceId + ";Parent=" + parentId + ";Sampled=" + (sampled ? "1" : "0");
        }
    }

    public final XRayDaemon daemon = new XRayDaemon();
    public final List<String> warnings = new CopyOnWriteArrayList<>();
    public final Lifecycle lifecycle = Lifecycle.create();
    private final Map<String, String> variables = new HashMap<>(Map.of(
            Environment.POWERTOOLS_SERVICE_NAME, "orders",
            Environment.AWS_LAMBDA_INITIALIZATION_TYPE, "on-demand",
            Environment.AWS_REGION, "eu-west-1"));
    private Clock clock = new StepClock(Instant.parse("2026-11-22T10:00:00Z"));
    private ExecutionEnvironment environment;

    /**
     * @param name  a variable
     * @param value its value
     * @return this fixture (call before the first {@link #environment()})
     */
    public TracingFixture env(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /**
     * @param clock the clock (call before the first {@link #environment()})
     * @return this fixture
     */
    public TracingFixture clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** @return the execution environment, created on first call from the variables set so far */
    public synchronized ExecutionEnvironment environment() {
        if (environment == null) {
            environment = ExecutionEnvironment.builder()
                    .environment(Environment.of(variables))
                    .clock(clock)
                    .lifecycle(lifecycle)
                    .systemProperties(name -> null)
                    .build();
        }
        return environment;
    }

    /** @return a tracer sending to this fixture's daemon, warnings captured, ids seeded 1, 2, 3... */
    public Tracer tracer() {
        return tracer(b -> { });
    }

    /**
     * @param customize changes to the builder
     * @return a tracer sending to this fixture's daemon
     */
    public Tracer tracer(Consumer<Tracer.Builder> customize) {
        AtomicLong seeds = new AtomicLong();
        Tracer.Builder b = Tracer.builder()
                .executionEnvironment(environment())
                .daemonAddress(daemon.address())
                .diagnostics(Diagnostics.create("io.lambdakit.tracing", "orders", environment().clock(), warnings::add))
                .idSeeds(seeds::incrementAndGet);
        customize.accept(b);
        return b.build();
    }

    /** @return a new sampled facade segment */
    public static Facade sampled() {
        return facade(true);
    }

    /** @return a new unsampled facade segment */
    public static Facade notSampled() {
        return facade(false);
    }

    private static Facade facade(boolean sampled) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String epoch = String.format("%08x", Instant.parse("2026-11-22T10:00:00Z").getEpochSecond());
        String traceId = "1-" + epoch + "-" + String.format("%08x%016x", r.nextInt(), r.nextLong());
        return new Facade(traceId, String.format("%016x", r.nextLong() | 1L), sampled);
    }

    /**
     * @param facade the invocation's trace header
     * @return the Context of a new invocation carrying it
     */
    public static TestContext invocation(Facade facade) {
        return TestContext.builder().requestId(UUID.randomUUID().toString()).xrayTraceId(facade == null ? null : facade.header()).build();
    }

    @Override
    public void close() {
        daemon.close();
    }
}
