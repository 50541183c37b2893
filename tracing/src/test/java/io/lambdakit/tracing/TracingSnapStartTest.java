package io.lambdakit.tracing;

import io.lambdakit.testing.PreloadProbe;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.testing.SnapStartUniqueness;
import io.lambdakit.tracing.internal.IdGenerator;
import io.lambdakit.tracing.internal.UdpEmitter;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** SnapStart: the class list, the preload, the reseed and the daemon refresh after restore. */
class TracingSnapStartTest {

    private final Lifecycle lifecycle = Lifecycle.create(line -> { });
    private final ExecutionEnvironment ee = ExecutionEnvironment.builder()
            .environment(Environment.of(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start", "POWERTOOLS_SERVICE_NAME", "orders")))
            .lifecycle(lifecycle).systemProperties(k -> null).build();
    private final AtomicInteger sends = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private final UdpEmitter.Transport transport = new UdpEmitter.Transport() {
        @Override
        public int send(ByteBuffer datagram, InetSocketAddress target) {
            sends.incrementAndGet();
            return datagram.remaining();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    };

    private Tracer tracer() {
        return Tracer.builder().executionEnvironment(ee).daemonAddress("localhost:2000").transport(transport)
                .idSeeds(IdGenerator.defaultSeeds()).build();
    }

    @Test
    void build_recordsTracingClassList_withTheSegmentCodec() {
        List<String> names = ClassPreloader.read("tracing", getClass().getClassLoader());

        assertThat(Files.exists(Paths.get("target/classes", ClassPreloader.resource("tracing")))).isTrue();
        assertThat(names).hasSizeGreaterThan(30)
                .contains("io.lambdakit.tracing.internal.SegmentCodec", "io.lambdakit.tracing.internal.Subsegment",
                        "io.lambdakit.tracing.internal.TracingEngine")
                .noneMatch(n -> n.contains("PreloadScenario") || n.contains("$$Lambda") || n.startsWith("java.lang.invoke."));
    }

    @Test
    void preload_freshLoader_loadsTheHotPathClasses() throws Exception {
        List<String> names = PreloadProbe.onThisJdk(ClassPreloader.read("tracing", getClass().getClassLoader()));
        try (PreloadProbe probe = PreloadProbe.of(Tracer.class, ExecutionEnvironment.class, ObjectMapper.class, JsonFactory.class,
                JsonProperty.class, Context.class, org.crac.Resource.class, org.aspectj.lang.Aspects.class)) {
            assertThat(probe.hasLoaded("io.lambdakit.tracing.internal.SegmentCodec")).isFalse();

            ClassPreloader.Report report = ClassPreloader.preload("tracing", names, probe);

            assertThat(report.missing()).as("missing: %s", report.examples()).isZero();
            assertThat(report.failed()).as("failed: %s", report.examples()).isZero();
            assertThat(probe.hasLoaded("io.lambdakit.tracing.internal.SegmentCodec")).isTrue();
        }
    }

    @Test
    void beforeCheckpoint_preloadsPrimesAndClosesTheSocketWithoutSending() {
        try (Tracer tracer = tracer()) {
            lifecycle.beforeCheckpoint();

            ClassPreloader.Report report = tracer.preloader().lastReport().orElseThrow();
            int present = PreloadProbe.onThisJdk(ClassPreloader.read("tracing", getClass().getClassLoader())).size();
            assertThat(report.loaded()).isGreaterThan(30).isEqualTo(present);
            assertThat(sends.get()).isZero();
            assertThat(closes.get()).isEqualTo(1);
        }
    }

    @Test
    void afterRestore_idsAreReseededFromFreshEntropy() {
        try (Tracer tracer = tracer()) {
            IdGenerator ids = tracer.engine().ids();

            SnapStartUniqueness.Report report = SnapStartUniqueness.builder()
                    .source("tracing id seed", ids::seed)
                    .source("subsegment ids", ids::nextHex)
                    .build().run(lifecycle);

            report.assertUnique();
        }
    }

    @Test
    void afterRestore_daemonAddressIsResolvedAgainAndTheSocketReopened() {
        try (Tracer tracer = tracer()) {
            UdpEmitter emitter = tracer.engine().emitter();
            InetSocketAddress before = emitter.target();
            lifecycle.beforeCheckpoint();
            int closedAtCheckpoint = closes.get();

            lifecycle.afterRestore();

            assertThat(emitter.target()).isNotSameAs(before).isEqualTo(before);
            assertThat(emitter.target().isUnresolved()).isFalse();
            assertThat(closes.get()).isEqualTo(closedAtCheckpoint + 1);
        }
    }

    @Test
    void prime_tracedHandler_buildsSegmentsButSendsNone() throws Exception {
        try (Tracer tracer = tracer()) {
            boolean[] recording = new boolean[1];

            ee.prime("prime", context -> tracer.execute(context, () -> {
                recording[0] = tracer.isRecording();
                return tracer.trace("inner", () -> "x");
            }));

            assertThat(recording[0]).as("the priming call runs the traced path").isTrue();
            assertThat(sends.get()).isZero();
        }
    }
}
