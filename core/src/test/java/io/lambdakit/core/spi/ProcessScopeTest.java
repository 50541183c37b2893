package io.lambdakit.core.spi;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Installation;
import io.lambdakit.core.ProcessScope;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several functions in one JVM: a {@link ProcessScope} gives a thread its own execution environment and its own
 * {@link ProcessWide} instances, built from its own environment.
 */
@SuppressWarnings("try") // the handles are closed by try-with-resources, not otherwise used
class ProcessScopeTest {

    private static ProcessScope scope(String service) {
        return ProcessScope.of(ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of(Environment.POWERTOOLS_SERVICE_NAME, service))).build());
    }

    /** A feature's slot whose default is built from the environment, as LogOutput's and Metrics' are. */
    private static ProcessWide<String> serviceSlot() {
        return ProcessWide.withDefault(() -> ExecutionEnvironment.current().environment().serviceName());
    }

    @Test
    void current_outsideEveryScope_isEmpty() {
        assertThat(ProcessScope.current()).isEmpty();
    }

    @Test
    void executionEnvironmentCurrent_insideAScope_isTheScopes() {
        ProcessScope orders = scope("orders");

        try (Installation entered = orders.enter()) {
            assertThat(ProcessScope.current()).contains(orders);
            assertThat(ExecutionEnvironment.current()).isSameAs(orders.executionEnvironment());
        }

        assertThat(ProcessScope.current()).isEmpty();
        assertThat(ExecutionEnvironment.current()).isNotSameAs(orders.executionEnvironment());
    }

    @Test
    void processWideDefault_inTwoScopes_isBuiltFromEachScopesEnvironment() {
        ProcessWide<String> slot = serviceSlot();
        ProcessScope orders = scope("orders");
        ProcessScope payments = scope("payments");

        String inOrders;
        try (Installation entered = orders.enter()) {
            inOrders = slot.current();
        }
        String inPayments;
        try (Installation entered = payments.enter()) {
            inPayments = slot.current();
        }

        assertThat(inOrders).isEqualTo("orders");
        assertThat(inPayments).isEqualTo("payments");
        assertThat(slot.peek()).as("the process's own slot was not touched").isNull();
    }

    @Test
    void install_insideAScope_replacesTheScopesInstanceOnly() {
        ProcessWide<String> slot = serviceSlot();
        ProcessScope orders = scope("orders");
        ProcessScope payments = scope("payments");

        try (Installation process = slot.install("process"); Installation entered = orders.enter();
             Installation installed = slot.install("installed-in-orders")) {
            assertThat(slot.current()).isEqualTo("installed-in-orders");
            try (Installation other = payments.enter()) {
                assertThat(slot.current()).isEqualTo("payments");
            }
            assertThat(slot.current()).isEqualTo("installed-in-orders");
        }

        assertThat(slot.peek()).isNull();
    }

    @Test
    void threadStartedInsideAScope_staysInTheScope() throws Exception {
        ProcessWide<String> slot = serviceSlot();
        ProcessScope orders = scope("orders");
        AtomicReference<String> seen = new AtomicReference<>();
        Thread worker;

        try (Installation entered = orders.enter()) {
            worker = new Thread(() -> seen.set(slot.current()));
        }
        worker.start();
        worker.join();

        assertThat(seen).hasValue("orders");
    }

    @Test
    void enter_nested_closeReturnsToTheOuterScope() {
        ProcessScope orders = scope("orders");
        ProcessScope payments = scope("payments");

        try (Installation outer = orders.enter()) {
            try (Installation inner = payments.enter()) {
                assertThat(ProcessScope.current()).contains(payments);
            }
            assertThat(ProcessScope.current()).contains(orders);
        }
    }

    @Test
    void close_onAnotherThread_isRefusedAndNamesTheThread() throws Exception {
        Installation entered = scope("orders").enter();
        try {
            CompletableFuture<Void> elsewhere = new CompletableFuture<>();
            Thread other = new Thread(() -> {
                try {
                    entered.close();
                    elsewhere.complete(null);
                } catch (RuntimeException e) {
                    elsewhere.completeExceptionally(e);
                }
            }, "other-thread");
            other.start();
            other.join();

            assertThatThrownBy(elsewhere::join).hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("left on the thread that entered it").hasMessageContaining("other-thread");
        } finally {
            entered.close();
        }
        entered.close(); // a second close does nothing
        assertThat(ProcessScope.current()).isEmpty();
    }
}
