package io.lambdakit.testing;

import io.lambdakit.core.Lifecycle;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SnapStartUniquenessTest {

    /** A module-like id source: a PRNG seeded at init, reseeded after restore only when told to. */
    static final class IdSource {
        private final Random random;
        private volatile long seed;
        private volatile String instanceId;

        IdSource(Lifecycle lifecycle, boolean reseedAfterRestore, boolean refreshInstanceId) {
            this.seed = new SecureRandom().nextLong();
            this.random = new Random(seed);
            this.instanceId = UUID.randomUUID().toString();
            if (reseedAfterRestore) {
                lifecycle.onAfterRestore("reseed", this, owner -> {
                    seed = new SecureRandom().nextLong();
                    random.setSeed(seed);
                });
            }
            if (refreshInstanceId) {
                lifecycle.onAfterRestore("new instance id", this, owner -> instanceId = UUID.randomUUID().toString());
            }
        }

        long seed() {
            return seed;
        }

        String instanceId() {
            return instanceId;
        }

        String nextId() {
            return Long.toHexString(random.nextLong());
        }
    }

    @Test
    void run_sourcesReseededAndRegeneratedAfterRestore_isUnique() {
        Lifecycle lifecycle = Lifecycle.create(line -> { });
        IdSource source = new IdSource(lifecycle, true, true);

        SnapStartUniqueness.Report report = SnapStartUniqueness.builder()
                .source("seed", source::seed).source("instance id", source::instanceId).source("ids", source::nextId)
                .build().run(lifecycle);

        assertThat(report.isUnique()).isTrue();
        assertThat(report.sampledAfterRestore()).containsOnlyKeys("seed", "instance id", "ids");
        report.assertUnique();
    }

    @Test
    void run_generatorNotReseededAfterRestore_isCaught() {
        Lifecycle lifecycle = Lifecycle.create(line -> { });
        IdSource forgetful = new IdSource(lifecycle, false, true);

        SnapStartUniqueness.Report report = SnapStartUniqueness.builder().source("seed", forgetful::seed).build().run(lifecycle);

        assertThat(report.isUnique()).isFalse();
        assertThat(report.reused()).containsOnlyKeys("seed");
        AssertionError e = catchThrowableOfType(AssertionError.class, report::assertUnique);
        assertThat(e).hasMessageContaining("seed: 1 value(s) reused").hasMessageContaining("Lifecycle.onAfterRestore");
    }

    @Test
    void run_idCachedAtInitAndNeverRefreshed_isCaught() {
        Lifecycle lifecycle = Lifecycle.create(line -> { });
        IdSource cached = new IdSource(lifecycle, true, false);

        SnapStartUniqueness.Report report = SnapStartUniqueness.builder().source("instance id", cached::instanceId).build().run(lifecycle);

        assertThat(report.reused()).containsEntry("instance id", java.util.Set.of(cached.instanceId()));
    }

    @Test
    void compare_valuesCollectedInAChildRuntime_reportsOnlyTheReusedOnes() {
        SnapStartUniqueness.Report report = SnapStartUniqueness.compare(
                Map.of("trace ids", List.of("a", "b"), "seed", List.of(42L)),
                Map.of("trace ids", List.of("c", "b"), "seed", List.of(43L)));

        assertThat(report.reused()).containsOnlyKeys("trace ids");
        assertThat(report.reused().get("trace ids")).containsExactly("b");
    }

    @Test
    void assertUnique_nothingSampledAfterRestore_failsInsteadOfPassingVacuously() {
        SnapStartUniqueness.Report report = SnapStartUniqueness.compare(Map.of("x", List.of(1)), Map.of());

        AssertionError e = catchThrowableOfType(AssertionError.class, report::assertUnique);

        assertThat(e).hasMessageContaining("no values were sampled after the restore");
    }
}
