package io.lambdakit.batch.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class WorkersTest {

    @Test
    void virtualThreads_availableExactlyOnJava21AndLater() {
        assertThat(Workers.virtualThreadsAvailable()).isEqualTo(Runtime.version().feature() >= 21);
    }

    @Test
    void defaults_launchWorkersOnDaemonThreadsNamedForTheModule() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);

        Workers.defaults(2).launch(() -> {
            ran.set(Thread.currentThread());
            done.countDown();
        });

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get().isDaemon()).isTrue();
        assertThat(ran.get().getName()).startsWith("lambdakit-batch-");
        assertThat(ran.get()).isNotSameAs(Thread.currentThread());
    }
}
