package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon stand-in against a real UDP socket. */
class LocalXRayDaemonIT {

    private LocalXRayDaemon daemon;
    private DatagramSocket sender;

    @BeforeEach
    void start() throws Exception {
        daemon = LocalXRayDaemon.start();
        sender = new DatagramSocket();
    }

    @AfterEach
    void stop() {
        sender.close();
        daemon.close();
    }

    private void send(String datagram) throws Exception {
        byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
        sender.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), daemon.port()));
    }

    private static String segment(int i) {
        return LocalXRayDaemon.HEADER + "\n{\"name\":\"s" + i + "\",\"id\":\"" + String.format("%016x", i) + "\"}";
    }

    @Test
    void drain_afterSend_returnsEverySegmentSentBeforeItInOrder() throws Exception {
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < 5; i++) {
                send(segment(round * 5 + i));
            }

            List<JsonNode> drained = daemon.drain();

            assertThat(drained).extracting(n -> n.path("name").asText())
                    .containsExactly("s" + (round * 5), "s" + (round * 5 + 1), "s" + (round * 5 + 2), "s" + (round * 5 + 3), "s" + (round * 5 + 4));
        }
        assertThat(daemon.segments()).hasSize(1000);
        assertThat(daemon.rejected()).isEmpty();
    }

    @Test
    void drain_concurrentSenders_losesNothing() throws Exception {
        int threads = 4;
        int perThread = 100;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            new Thread(() -> {
                try (DatagramSocket s = new DatagramSocket()) {
                    barrier.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < perThread; i++) {
                        byte[] b = segment(id * 1000 + i).getBytes(StandardCharsets.UTF_8);
                        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), daemon.port()));
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    done.countDown();
                }
            }).start();
        }

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(failures).isEmpty();
        assertThat(daemon.drain()).hasSize(threads * perThread);
    }

    @Test
    void rejected_datagramsWithoutHeaderOrJson_areKeptApart() throws Exception {
        send("{\"name\":\"no header\"}");
        send(LocalXRayDaemon.HEADER + "\nnot json");
        send("{\"format\": \"json\", \"version\": 2}\n{\"name\":\"wrong version\"}");
        send(segment(1));

        assertThat(daemon.drain()).hasSize(1);
        assertThat(daemon.rejected()).hasSize(3);
    }

    @Test
    void address_isALoopbackHostAndPort() {
        assertThat(daemon.address()).isEqualTo("127.0.0.1:" + daemon.port());
    }
}
