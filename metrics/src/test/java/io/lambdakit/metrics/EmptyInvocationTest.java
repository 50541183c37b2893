package io.lambdakit.metrics;

import io.lambdakit.core.Installation;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import io.lambdakit.metrics.handlers.AnnotatedHandlers;
import io.lambdakit.metrics.handlers.IdempotentOrders;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "No metrics were emitted by invocation ..." is said only when it helps: for an invocation whose body ran
 * and returned without a metric. Not when the body threw (the error is the story) and not when idempotency
 * answered with a stored result (the body did not run); {@code raiseOnEmptyMetrics} raises in neither case.
 * Both doors, with the real idempotency engine over its in-memory store.
 */
@SuppressWarnings("try") // the installations are closed, not referenced
class EmptyInvocationTest {

    final Fixtures fx = new Fixtures();
    final AnnotatedHandlers handlers = new AnnotatedHandlers();

    Idempotency idempotency() {
        return Idempotency.builder().store(InMemoryIdempotencyStore.create()).executionEnvironment(fx.executionEnvironment()).build();
    }

    static Map<String, Object> order(String orderId, String action) {
        return action == null ? Map.of("orderId", orderId) : Map.of("orderId", orderId, "action", action);
    }

    @Test
    void plain_bodyThrowsWithoutMetrics_logsNothingAboutMetrics() {
        Metrics metrics = fx.metrics();
        IllegalStateException boom = new IllegalStateException("order o-1 rejected");

        assertThatThrownBy(() -> metrics.execute(Fixtures.context("req-1"), () -> {
            throw boom;
        })).isSameAs(boom);

        assertThat(fx.invocationLog).isEmpty();
        assertThat(fx.out.lines()).isEmpty();
    }

    @Test
    void plain_failedInvocationFirst_theFirstEmptySuccessStillGetsTheWarning() {
        Metrics metrics = fx.metrics();

        assertThatThrownBy(() -> metrics.execute(Fixtures.context("req-1"), () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        metrics.execute(Fixtures.context("req-2"), () -> null);

        assertThat(fx.invocationLog).containsExactly("WARN no metrics were emitted by invocation req-2");
    }

    @Test
    void plain_bodyThrowsOutsideAnyInvocation_logsNothingAboutMetrics() {
        Metrics metrics = fx.metrics();

        assertThatThrownBy(() -> metrics.execute(null, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(fx.invocationLog).isEmpty();
    }

    @Test
    void plain_replayedInvocation_logsNothingAboutMetrics() {
        Metrics metrics = fx.metrics();
        Idempotency idempotency = idempotency();

        Object first = metrics.execute(Fixtures.context("req-1"), () -> IdempotentOrders.place(order("o-1", null), idempotency, metrics));
        Object replayed = metrics.execute(Fixtures.context("req-2"), () -> IdempotentOrders.place(order("o-1", null), idempotency, metrics));

        assertThat(replayed).isEqualTo(first).isEqualTo(Map.of("orderId", "o-1"));
        assertThat(fx.out.blobs()).singleElement().satisfies(b -> assertThat(b.get("function_request_id").asText()).isEqualTo("req-1"));
        assertThat(fx.invocationLog).isEmpty();
    }

    @Test
    void plain_replayedInvocation_withRaiseOnEmptyMetrics_returnsTheStoredResult() {
        Metrics metrics = fx.build(fx.builder().raiseOnEmptyMetrics(true));
        Idempotency idempotency = idempotency();
        metrics.execute(Fixtures.context("req-1"), () -> IdempotentOrders.place(order("o-1", null), idempotency, metrics));

        Object replayed = metrics.execute(Fixtures.context("req-2"), () -> IdempotentOrders.place(order("o-1", null), idempotency, metrics));

        assertThat(replayed).isEqualTo(Map.of("orderId", "o-1"));
    }

    @Test
    void plain_successWithoutMetrics_afterAReplay_isStillWarned() {
        Metrics metrics = fx.metrics();
        Idempotency idempotency = idempotency();

        metrics.execute(Fixtures.context("req-1"), () -> IdempotentOrders.place(order("o-1", null), idempotency, metrics));
        metrics.execute(Fixtures.context("req-2"), () -> IdempotentOrders.place(order("o-1", null), idempotency, metrics));
        metrics.execute(Fixtures.context("req-3"), () -> IdempotentOrders.place(order("o-3", "quiet"), idempotency, metrics));

        assertThat(fx.invocationLog).containsExactly("WARN no metrics were emitted by invocation req-3");
    }

    @Test
    void plain_raiseOnEmptyMetrics_successWithoutMetrics_stillThrowsMetricsException() {
        Metrics metrics = fx.build(fx.builder().raiseOnEmptyMetrics(true));
        Idempotency idempotency = idempotency();

        assertThatThrownBy(() -> metrics.execute(Fixtures.context("req-1"),
                () -> IdempotentOrders.place(order("o-1", "quiet"), idempotency, metrics)))
                .isExactlyInstanceOf(MetricsException.class)
                .hasMessageContaining("no metrics were emitted by invocation req-1");
    }

    @Test
    void annotated_bodyThrowsWithoutMetrics_logsNothingAboutMetrics() {
        try (Installation i = Metrics.install(fx.metrics())) {
            assertThatThrownBy(() -> handlers.plain(m -> {
                throw new IllegalStateException("order o-1 rejected");
            }, Fixtures.context("req-1"))).hasMessage("order o-1 rejected");
        }

        assertThat(fx.invocationLog).isEmpty();
    }

    @Test
    void annotated_replayedInvocation_logsNothingAboutMetrics() throws Exception {
        Idempotency idempotency = idempotency();

        try (Installation i = Metrics.install(fx.metrics())) {
            handlers.plain(m -> IdempotentOrders.place(order("o-1", null), idempotency, m), Fixtures.context("req-1"));
            Object replayed = handlers.plain(m -> IdempotentOrders.place(order("o-1", null), idempotency, m), Fixtures.context("req-2"));

            assertThat(replayed).isEqualTo(Map.of("orderId", "o-1"));
        }

        assertThat(fx.out.blobs()).hasSize(1);
        assertThat(fx.invocationLog).isEmpty();
    }

    @Test
    void annotated_replayedInvocation_withRaiseOnEmptyMetrics_returnsTheStoredResult() throws Exception {
        Idempotency idempotency = idempotency();

        try (Installation i = Metrics.install(fx.metrics())) {
            handlers.raising(m -> IdempotentOrders.place(order("o-1", null), idempotency, m), Fixtures.context("req-1"));
            Object replayed = handlers.raising(m -> IdempotentOrders.place(order("o-1", null), idempotency, m), Fixtures.context("req-2"));

            assertThat(replayed).isEqualTo(Map.of("orderId", "o-1"));
        }
    }

    @Test
    void annotated_successWithoutMetrics_isWarned() throws Exception {
        try (Installation i = Metrics.install(fx.metrics())) {
            handlers.plain(m -> "ok", Fixtures.context("req-1"));
        }

        assertThat(fx.invocationLog).containsExactly("WARN no metrics were emitted by invocation req-1");
    }
}
