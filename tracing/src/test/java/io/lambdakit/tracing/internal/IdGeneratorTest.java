package io.lambdakit.tracing.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class IdGeneratorTest {

    @Test
    void nextHex_isSixteenLowerCaseHexDigits_neverAllZero() {
        IdGenerator ids = new IdGenerator(() -> 0L);

        List<String> generated = IntStream.range(0, 10_000).mapToObj(i -> ids.nextHex()).toList();

        assertThat(generated).allMatch(id -> id.matches("[0-9a-f]{16}")).doesNotContain("0000000000000000");
        assertThat(new HashSet<>(generated)).hasSize(generated.size());
    }

    @Test
    void sameSeed_sameSequence_reseed_takesANewSeedFromTheSource() {
        AtomicLong seeds = new AtomicLong(41);
        IdGenerator a = new IdGenerator(() -> 7L);
        IdGenerator b = new IdGenerator(() -> 7L);
        IdGenerator restored = new IdGenerator(seeds::incrementAndGet);
        IdGenerator clone = new IdGenerator(() -> 42L);

        assertThat(a.nextHex()).isEqualTo(b.nextHex());
        assertThat(restored.nextHex()).isEqualTo(clone.nextHex());

        restored.reseed();

        assertThat(restored.nextHex()).as("a restored snapshot must not repeat its clones' ids").isNotEqualTo(clone.nextHex());
    }

    @Test
    void defaultSeeds_firstSeedsDiffer_reseedUsesFreshEntropy() {
        IdGenerator a = new IdGenerator(IdGenerator.defaultSeeds());
        IdGenerator b = new IdGenerator(IdGenerator.defaultSeeds());
        String a1 = a.nextHex();

        a.reseed();

        assertThat(a1).isNotEqualTo(b.nextHex());
        assertThat(a.nextHex()).isNotEqualTo(a1);
    }

    @Test
    void concurrentCallers_neverGetTheSameId() throws Exception {
        IdGenerator ids = new IdGenerator(() -> 123L);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> workers = IntStream.range(0, 4).mapToObj(t -> pool.submit(() -> {
                start.await();
                int duplicates = 0;
                for (int i = 0; i < 50_000; i++) {
                    if (!seen.add(ids.next())) {
                        duplicates++;
                    }
                }
                return duplicates;
            })).toList();
            start.countDown();
            for (Future<Integer> w : workers) {
                assertThat(w.get(30, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(200_000);
    }

    @Test
    void hex_padsWithLeadingZeros() {
        assertThat(IdGenerator.hex(1L)).isEqualTo("0000000000000001");
        assertThat(IdGenerator.hex(-1L)).isEqualTo("ffffffffffffffff");
    }
}
