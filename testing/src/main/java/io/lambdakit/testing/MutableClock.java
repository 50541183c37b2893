package io.lambdakit.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UTC clock a test moves by hand, for everything lambdakit times (cache ages, idempotency expiry,
 * log timestamps, segment times): give it to {@code ExecutionEnvironment.builder().clock(..)} and
 * {@link #advance(Duration)} instead of sleeping. Thread-safe; millisecond resolution, as Lambda's
 * own clocks and lambdakit's outputs have.
 */
public final class MutableClock extends Clock {

    private final AtomicLong millis;

    private MutableClock(long epochMillis) {
        this.millis = new AtomicLong(epochMillis);
    }

    /**
     * @param start the first instant
     * @return a clock standing at {@code start}
     */
    public static MutableClock at(Instant start) {
        return new MutableClock(Objects.requireNonNull(start, "start").toEpochMilli());
    }

    /** @return a clock standing at 2026-01-01T00:00:00Z, for tests that need no particular time */
    public static MutableClock create() {
        return at(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /**
     * Moves the clock forward (or back, with a negative duration).
     *
     * @param d how far to move
     * @return this clock
     */
    public MutableClock advance(Duration d) {
        millis.addAndGet(d.toMillis());
        return this;
    }

    /**
     * @param now the instant the clock shows from now on
     * @return this clock
     */
    public MutableClock set(Instant now) {
        millis.set(now.toEpochMilli());
        return this;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** @return this clock: it is always UTC, and a test wants the one it moves */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public String toString() {
        return "MutableClock[" + instant() + "]";
    }
}
