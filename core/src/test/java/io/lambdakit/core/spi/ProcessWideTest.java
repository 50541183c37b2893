package io.lambdakit.core.spi;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Installation;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SuppressWarnings("try") // the installations are closed by try-with-resources, not otherwise used
class ProcessWideTest {

    @Test
    void current_withDefault_buildsItOnceOnFirstUse() {
        AtomicInteger built = new AtomicInteger();
        ProcessWide<String> slot = ProcessWide.withDefault(() -> "default-" + built.incrementAndGet());

        assertThat(slot.peek()).isNull();
        assertThat(slot.current()).isEqualTo("default-1");
        assertThat(slot.current()).isEqualTo("default-1");
        assertThat(built).hasValue(1);
    }

    @Test
    void install_thenClose_putsThePreviousInstanceBack() {
        ProcessWide<String> slot = ProcessWide.withDefault(() -> "default");
        assertThat(slot.current()).isEqualTo("default");

        try (Installation outer = slot.install("outer")) {
            assertThat(slot.current()).isEqualTo("outer");
            try (Installation inner = slot.install("inner")) {
                assertThat(slot.current()).isEqualTo("inner");
            }
            assertThat(slot.current()).isEqualTo("outer");
        }
        assertThat(slot.current()).isEqualTo("default");
    }

    @Test
    void close_afterALaterInstall_leavesTheLaterOneAndIsIdempotent() {
        ProcessWide<String> slot = ProcessWide.withDefault(() -> "default");
        Installation first = slot.install("first");
        Installation second = slot.install("second");

        first.close();
        first.close();
        assertThat(slot.current()).isEqualTo("second");

        second.close();
        assertThat(slot.current()).isEqualTo("first"); // second restores what it replaced
    }

    @Test
    void close_calledAgainAfterTheLaterInstallationClosed_doesNotRestoreAgain() {
        ProcessWide<String> slot = ProcessWide.withDefault(() -> "default");
        Installation first = slot.install("first");
        Installation second = slot.install("second");
        first.close(); // does nothing: "second" is current

        second.close(); // puts "first" back
        first.close(); // a second close of the first handle must not undo that

        assertThat(slot.current()).isEqualTo("first");
    }

    @Test
    void current_withoutDefaultAndNothingInstalled_throwsWhatToDo() {
        ProcessWide<Object> slot = ProcessWide.withoutDefault("lambdakit-idempotency", "nothing is installed; call install(..)");

        assertThatThrownBy(slot::current).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("lambdakit-idempotency").hasMessageContaining("call install(..)");
        try (Installation i = slot.install("x")) {
            assertThat(slot.current()).isEqualTo("x");
        }
        assertThat(slot.peek()).isNull();
    }
}
