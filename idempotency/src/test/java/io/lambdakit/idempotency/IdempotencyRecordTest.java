package io.lambdakit.idempotency;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyRecordTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.250Z");

    @Test
    void instants_areKeptAtTheSchemaPrecision() {
        IdempotencyRecord r = IdempotencyRecord.inProgress("k", Instant.parse("2026-11-22T11:00:00.999Z"),
                Instant.parse("2026-11-22T10:00:30.123456Z"), null);

        assertThat(r.expiration()).isEqualTo(Instant.parse("2026-11-22T11:00:00Z"));
        assertThat(r.inProgressExpiration()).contains(Instant.parse("2026-11-22T10:00:30.123Z"));
    }

    @Test
    void expiry_comparesWholeSeconds_likeTheConditionExpression() {
        IdempotencyRecord r = IdempotencyRecord.completed("k", Instant.parse("2026-11-22T10:00:00Z"), null, null);

        assertThat(r.isExpired(NOW)).isFalse();
        assertThat(r.isExpired(Instant.parse("2026-11-22T10:00:01Z"))).isTrue();
    }

    @Test
    void replaceable_whenExpiredOrInProgressPastDeadline_only() {
        IdempotencyRecord running = IdempotencyRecord.inProgress("k", NOW.plusSeconds(3600), NOW.plusMillis(100), null);
        IdempotencyRecord done = IdempotencyRecord.completed("k", NOW.plusSeconds(3600), "1", null);
        IdempotencyRecord legacy = IdempotencyRecord.of("k", IdempotencyRecord.Status.INPROGRESS, NOW.plusSeconds(3600), null, null, null);

        assertThat(running.isReplaceableAt(NOW.plusMillis(100))).isFalse();
        assertThat(running.isReplaceableAt(NOW.plusMillis(101))).isTrue();
        assertThat(done.isReplaceableAt(NOW.plusMillis(101))).isFalse();
        assertThat(legacy.isReplaceableAt(NOW.plusSeconds(3600))).isFalse();
        assertThat(legacy.isReplaceableAt(NOW.plusSeconds(3601))).isTrue();
    }

    @Test
    void toString_hidesTheResponse() {
        IdempotencyRecord r = IdempotencyRecord.completed("k", NOW, "{\"card\":\"4111\"}", "h");

        assertThat(r.toString()).contains("15 chars").doesNotContain("4111");
    }

    @Test
    void blankKey_isRejected() {
        assertThatThrownBy(() -> IdempotencyRecord.completed(" ", NOW, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void claimToken_isPartOfTheRecord_andCopiedByWithClaimToken() {
        IdempotencyRecord claim = IdempotencyRecord.inProgress("k", NOW.plusSeconds(60), NOW.plusSeconds(30), "h");

        IdempotencyRecord mine = claim.withClaimToken("req-1:0123456789abcdef");

        assertThat(claim.claimToken()).isEmpty();
        assertThat(mine.claimToken()).contains("req-1:0123456789abcdef");
        assertThat(mine).isNotEqualTo(claim).isEqualTo(IdempotencyRecord.of("k", IdempotencyRecord.Status.INPROGRESS,
                NOW.plusSeconds(60), NOW.plusSeconds(30), null, "h", "req-1:0123456789abcdef"));
        assertThat(mine.toString()).contains("claimToken=req-1:0123456789abcdef");
    }

    @Test
    void emptyClaimToken_isRejected() {
        assertThatThrownBy(() -> IdempotencyRecord.completed("k", NOW, null, null).withClaimToken(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claim token");
    }
}
