package io.lambdakit.benchmarks;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.secrets.CachedValue;
import io.lambdakit.secrets.Parameters;
import io.lambdakit.secrets.RawValue;
import io.lambdakit.secrets.Secrets;
import io.lambdakit.secrets.spi.ParameterRequest;
import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.secrets.spi.SecretRequest;
import io.lambdakit.secrets.spi.SecretSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cost of a cache hit in lambdakit-secrets (goal: well under 1 µs, about 100 ns), i.e. what every
 * invocation pays to read a secret that is already cached. The source is in memory and the max age is
 * one hour, so every measured read is a hit; {@link #tearDown()} fails the run if any read fetched.
 * <ul>
 *   <li>{@code cachedValueHit}: {@code CachedValue.get()} on a handle created once (key precomputed, no allocation).</li>
 *   <li>{@code getTextHit}: {@code secrets.get("prod/api-key")} (builds the cache key per call).</li>
 *   <li>{@code getJsonHit}: {@code secrets.get("prod/db", DbConfig.class)}: the bound object is cached, not re-parsed.</li>
 *   <li>{@code getParameterHit}: {@code parameters.get("/orders/endpoint")}.</li>
 *   <li>{@code cachedValueHitFourThreads}: the handle read by 4 threads at once (no lock on the hit path).</li>
 * </ul>
 * Needs lambdakit-secrets and lambdakit-core (and their Jackson and SLF4J API) on the benchmark classpath; no AWS SDK.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Benchmark)
public class SecretsBenchmark {

    /** A JSON secret's shape. */
    public record DbConfig(String user, String password, int port) { }

    /** In-memory store that counts fetches. */
    static final class MemorySource implements SecretSource, ParameterSource {
        final AtomicLong fetches = new AtomicLong();
        final Map<String, String> values = Map.of(
                "prod/api-key", "k-0123456789abcdef",
                "prod/db", "{\"user\":\"app\",\"password\":\"pw\",\"port\":5432}",
                "/orders/endpoint", "https://orders.internal");

        @Override
        public RawValue fetch(SecretRequest request) {
            fetches.incrementAndGet();
            return RawValue.ofText(values.get(request.secretId()), "v1");
        }

        @Override
        public RawValue fetch(ParameterRequest request) {
            fetches.incrementAndGet();
            return RawValue.ofText(values.get(request.name()), "1");
        }

        @Override
        public String describe() {
            return "memory";
        }
    }

    private MemorySource source;
    private Secrets secrets;
    private Parameters parameters;
    private CachedValue<String> apiKey;
    private long fetchesAfterSetup;

    @Setup
    public void setUp() {
        source = new MemorySource();
        ExecutionEnvironment environment = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of())).lifecycle(Lifecycle.create()).build();
        secrets = Secrets.builder().source(source).maxAge(Duration.ofHours(1)).executionEnvironment(environment).build();
        parameters = Parameters.builder().source(source).maxAge(Duration.ofHours(1)).executionEnvironment(environment).build();
        apiKey = secrets.cached("prod/api-key");
        apiKey.get();
        secrets.get("prod/api-key");
        secrets.get("prod/db", DbConfig.class);
        parameters.get("/orders/endpoint");
        fetchesAfterSetup = source.fetches.get();
    }

    @TearDown
    public void tearDown() {
        if (source.fetches.get() != fetchesAfterSetup) {
            throw new IllegalStateException("a measured read fetched: the benchmark did not measure cache hits only");
        }
    }

    @Benchmark
    public String cachedValueHit() {
        return apiKey.get();
    }

    @Benchmark
    public String getTextHit() {
        return secrets.get("prod/api-key");
    }

    @Benchmark
    public DbConfig getJsonHit() {
        return secrets.get("prod/db", DbConfig.class);
    }

    @Benchmark
    public String getParameterHit() {
        return parameters.get("/orders/endpoint");
    }

    @Benchmark
    @Threads(4)
    public String cachedValueHitFourThreads() {
        return apiKey.get();
    }
}
