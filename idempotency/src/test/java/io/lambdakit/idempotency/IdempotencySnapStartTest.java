package io.lambdakit.idempotency;

import io.lambdakit.testing.PreloadProbe;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.burt.jmespath.JmesPath;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.spi.ClassPreloader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** SnapStart: the class list, the preload and warm-up before the checkpoint, silent priming, the cache drop after restore. */
class IdempotencySnapStartTest {

    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final RecordingStore store = new RecordingStore(InMemoryIdempotencyStore.create());
    private final Lifecycle lifecycle = Lifecycle.create(line -> { });
    private final ExecutionEnvironment ee = ExecutionEnvironment.builder()
            .environment(Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders", "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")))
            .clock(clock).lifecycle(lifecycle).systemProperties(k -> null).build();
    private final Idempotency idempotency = Idempotency.builder().executionEnvironment(ee).store(store)
            .eventKeyJmesPath("orderId").build();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void build_recordsIdempotencyClassList_withTheEngineAndTheDynamoDbRequestPath() {
        List<String> names = ClassPreloader.read("idempotency", getClass().getClassLoader());

        assertThat(Files.exists(Paths.get("target/classes", ClassPreloader.resource("idempotency")))).isTrue();
        assertThat(names).hasSizeGreaterThan(200)
                .contains("io.lambdakit.idempotency.internal.IdempotencyEngine", "io.lambdakit.idempotency.internal.KeyCodec",
                        "io.lambdakit.idempotency.DynamoDbIdempotencyStore",
                        "software.amazon.awssdk.services.dynamodb.model.PutItemRequest")
                .noneMatch(n -> n.contains("PreloadScenario") || n.contains("$$Lambda") || n.startsWith("java.lang.invoke."));
    }

    @Test
    void preload_freshLoader_loadsTheHotPathIncludingTheSdk() throws Exception {
        List<String> names = PreloadProbe.onThisJdk(ClassPreloader.read("idempotency", getClass().getClassLoader()));
        try (PreloadProbe probe = PreloadProbe.ofClassPath()) {
            assertThat(probe.hasLoaded("software.amazon.awssdk.services.dynamodb.model.PutItemRequest")).isFalse();

            ClassPreloader.Report report = ClassPreloader.preload("idempotency", names, probe);

            assertThat(report.missing()).as("missing: %s", report.examples()).isZero();
            assertThat(report.failed()).as("failed: %s", report.examples()).isZero();
            assertThat(probe.hasLoaded("io.lambdakit.idempotency.internal.KeyCodec")).isTrue();
            assertThat(probe.hasLoaded("software.amazon.awssdk.services.dynamodb.model.PutItemRequest")).isTrue();
        }
    }

    @Test
    void preload_withoutTheSdkOnTheClassPath_countsItsClassesAsMissingAndLoadsTheRest() throws Exception {
        List<String> names = PreloadProbe.onThisJdk(ClassPreloader.read("idempotency", getClass().getClassLoader()));
        try (PreloadProbe probe = PreloadProbe.of(Idempotency.class, ExecutionEnvironment.class, ObjectMapper.class, JsonFactory.class,
                JsonProperty.class, JmesPath.class, io.burt.jmespath.jackson.JacksonRuntime.class, Context.class,
                org.crac.Resource.class, org.slf4j.Logger.class, org.aspectj.lang.Aspects.class)) {

            ClassPreloader.Report report = ClassPreloader.preload("idempotency", names, probe);

            assertThat(report.missing()).isPositive();
            assertThat(report.examples()).anyMatch(n -> n.startsWith("software.amazon.awssdk."));
            assertThat(probe.hasLoaded("io.lambdakit.idempotency.internal.KeyCodec")).isTrue();
        }
    }

    @Test
    void beforeCheckpoint_preloadsAndWarmsTheCodecsWithoutTouchingTheStore() {
        List<Lifecycle.HookRun> runs = lifecycle.beforeCheckpoint();

        assertThat(runs).extracting(Lifecycle.HookRun::name)
                .contains("lambdakit-idempotency: preload hot-path classes", "lambdakit-idempotency: warm the key and response codecs");
        assertThat(runs).allSatisfy(r -> assertThat(r.succeeded()).as(r.toString()).isTrue());
        ClassPreloader.Report report = idempotency.preloader().lastReport().orElseThrow();
        int present = PreloadProbe.onThisJdk(ClassPreloader.read("idempotency", getClass().getClassLoader())).size();
        assertThat(report.loaded()).isEqualTo(present);
        assertThat(store.calls).isEmpty();
    }

    @Test
    void prime_handlerRuns_butNoRecordIsClaimedStoredOrCached() throws Exception {
        ee.primeBeforeCheckpoint("prime charge", context ->
                idempotency.execute("charge", Map.of("orderId", "o-1"), context, String.class, () -> "charged-" + runs.incrementAndGet()));

        lifecycle.beforeCheckpoint();
        lifecycle.afterRestore();
        String real = idempotency.execute("charge", Map.of("orderId", "o-1"), FakeContext.create(clock), String.class,
                () -> "charged-" + runs.incrementAndGet());

        assertThat(runs.get()).as("the priming call ran the body, and the real call was not a replay of it").isEqualTo(2);
        assertThat(real).isEqualTo("charged-2");
        assertThat(store.calls).as("only the real call reached the store").containsExactly("claim", "complete");
    }

    @Test
    void afterRestore_localCacheIsDropped_soTheStoreIsAskedAgain() {
        Context context = FakeContext.create(clock);
        idempotency.execute("charge", Map.of("orderId", "o-2"), context, String.class, () -> "charged-" + runs.incrementAndGet());
        idempotency.execute("charge", Map.of("orderId", "o-2"), FakeContext.create(clock), String.class, () -> "charged-" + runs.incrementAndGet());
        int callsWhileCached = store.calls.size();

        lifecycle.afterRestore();
        String replay = idempotency.execute("charge", Map.of("orderId", "o-2"), FakeContext.create(clock), String.class,
                () -> "charged-" + runs.incrementAndGet());

        assertThat(replay).isEqualTo("charged-1");
        assertThat(store.calls.size()).as("the replay after restore went to the store").isGreaterThan(callsWhileCached);
    }
}
