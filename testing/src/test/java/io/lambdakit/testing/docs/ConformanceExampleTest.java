package io.lambdakit.testing.docs;

import io.lambdakit.testing.Conformance;
import io.lambdakit.testing.LocalXRayDaemon;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The docs/testing.md conformance example: captured output and datagrams checked with the shipped validators. */
class ConformanceExampleTest {

    static final String LOG_LINE = "{\"timestamp\":\"2026-11-22T10:15:30.123Z\",\"level\":\"INFO\",\"message\":\"order placed\","
            + "\"logger\":\"com.acme.OrderHandler\",\"service\":\"orders\",\"cold_start\":true}";
    static final String EMF_LINE = "{\"_aws\":{\"Timestamp\":1714564800000,\"CloudWatchMetrics\":[{\"Namespace\":\"Shop\","
            + "\"Dimensions\":[[\"Service\"]],\"Metrics\":[{\"Name\":\"OrderPlaced\",\"Unit\":\"Count\"}]}]},\"Service\":\"orders\",\"OrderPlaced\":1}";
    static final String SEGMENT = "{\"name\":\"orders\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"1-5759e988-bd862e3fe1be46a994272793\","
            + "\"start_time\":1.4806152E9,\"end_time\":1.48061521E9}";

    @Test
    void capturedOutput_conformsToThePublishedRules() throws IOException {
        List<String> stdout = List.of("START RequestId: 1", LOG_LINE, EMF_LINE);
        String emfLine = EMF_LINE;
        try (LocalXRayDaemon daemon = LocalXRayDaemon.start(); DatagramSocket socket = new DatagramSocket()) {
            byte[] datagram = (LocalXRayDaemon.HEADER + "\n" + SEGMENT).getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), daemon.port()));

            // docs:begin conformance
            assertThat(Conformance.outputViolations(stdout)).isEmpty();   // every EMF and log line of some output
            assertThat(Conformance.emfViolations(emfLine)).isEmpty();     // one EMF line
            Conformance.assertXRayDatagrams(daemon.drainDatagrams());     // AssertionError naming every violation
            // docs:end conformance
        }
    }
}
