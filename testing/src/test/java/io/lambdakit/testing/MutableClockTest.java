package io.lambdakit.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class MutableClockTest {

    @Test
    void advanceAndSet_moveTheClockByHand() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T10:00:00Z"));

        clock.advance(Duration.ofMinutes(5)).advance(Duration.ofMillis(7));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-02T10:05:00.007Z"));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2026-12-02T10:05:00.007Z").toEpochMilli());

        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(MutableClock.create().instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }
}
