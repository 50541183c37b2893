package io.lambdakit.tracing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves one millisecond forward each time it is read: deterministic and strictly increasing. */
public final class StepClock extends Clock {

    private final long startMillis;
    private final AtomicLong reads = new AtomicLong();

    /** @param start the first instant */
    public StepClock(Instant start) {
        this.startMillis = start.toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(startMillis + reads.getAndIncrement());
    }
}
