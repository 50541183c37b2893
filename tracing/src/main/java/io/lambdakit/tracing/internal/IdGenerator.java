package io.lambdakit.tracing.internal;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Generates the 64-bit ids of subsegments and exceptions: SplitMix64 over one atomic counter,
 * lock-free and safe for concurrent invocations. The generator owns its state, so it can be
 * reseeded after a SnapStart restore: every environment restored from one snapshot would otherwise
 * produce the same sequence.
 */
public final class IdGenerator {

    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final LongSupplier seeds;
    private final AtomicLong state;
    private volatile long seed;

    /**
     * @param seeds where seeds come from, at creation and at each {@link #reseed()}
     */
    public IdGenerator(LongSupplier seeds) {
        this.seeds = Objects.requireNonNull(seeds, "seeds");
        this.seed = seeds.getAsLong();
        this.state = new AtomicLong(seed);
    }

    /**
     * The default seed source. The first seed mixes clocks and identities, which is unique per
     * environment and costs no start-up time; seeds after a restore come from {@link SecureRandom},
     * because clones of one snapshot share everything else.
     *
     * @return a seed source
     */
    public static LongSupplier defaultSeeds() {
        return new LongSupplier() {
            private boolean first = true;

            @Override
            public synchronized long getAsLong() {
                if (first) {
                    first = false;
                    return mix(System.nanoTime() ^ mix(System.currentTimeMillis()) ^ mix(System.identityHashCode(this))
                            ^ ((long) Runtime.getRuntime().hashCode() << 32));
                }
                return new SecureRandom().nextLong();
            }
        };
    }

    /** Takes a new seed from the seed source. */
    public void reseed() {
        long s = seeds.getAsLong();
        seed = s;
        state.set(s);
    }

    /** @return the seed the ids currently derive from (for the SnapStart uniqueness guard in tests) */
    public long seed() {
        return seed;
    }

    /** @return a new non-zero id */
    public long next() {
        long id;
        do {
            id = mix(state.addAndGet(GAMMA));
        } while (id == 0);
        return id;
    }

    /** @return a new id as 16 lower-case hex digits */
    public String nextHex() {
        return hex(next());
    }

    /**
     * @param id an id
     * @return it as 16 lower-case hex digits
     */
    public static String hex(long id) {
        char[] c = new char[16];
        for (int i = 15; i >= 0; i--) {
            c[i] = HEX[(int) (id & 0xF)];
            id >>>= 4;
        }
        return new String(c);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
