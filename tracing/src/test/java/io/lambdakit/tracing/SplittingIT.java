package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.tracing.TracingFixture.Facade;
import io.lambdakit.tracing.internal.UdpEmitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.lambdakit.tracing.TracingFixture.invocation;
import static io.lambdakit.tracing.TracingFixture.sampled;
import static org.assertj.core.api.Assertions.assertThat;

/** Documents over the UDP limit are split into subsegments sent on their own; nothing is lost, nothing sent twice. */
class SplittingIT {

    private final TracingFixture fx = new TracingFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void invocationOf100KiB_isSplitIntoDatagramsUnderTheLimit_everySubsegmentOnceUnderItsParent() {
        Facade facade = sampled();
        try (Tracer tracer = fx.tracer()) {

            tracer.execute(invocation(facade), () -> {
                for (int i = 0; i < 25; i++) {
                    int step = i;
                    tracer.trace("step" + i, () -> {
                        tracer.putMetadata("payload", Character.toString('a' + step % 26).repeat(4096));
                        return null;
                    });
                }
                return "done";
            });

            Map<String, String> parentOf = new HashMap<>();
            Set<String> names = new HashSet<>();
            List<XRayDaemon.Datagram> datagrams = fx.daemon.takeUntil(ds -> {
                parentOf.clear();
                names.clear();
                for (XRayDaemon.Datagram d : ds) {
                    parentOf.put(d.document().path("id").asText(), d.document().path("parent_id").asText());
                    collect(d.document(), parentOf, names);
                }
                return names.size() == 26;
            }, Duration.ofSeconds(5));
            int total = datagrams.stream().mapToInt(XRayDaemon.Datagram::bytes).sum();
            assertThat(total).isGreaterThan(100 * 1024);
            assertThat(datagrams).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(d -> assertThat(d.bytes()).isLessThanOrEqualTo(UdpEmitter.MAX_DATAGRAM_BYTES));
            JsonNode handler = datagrams.stream().map(XRayDaemon.Datagram::document)
                    .filter(d -> d.path("name").asText().equals("## handleRequest")).findFirst().orElseThrow();
            assertThat(handler.path("parent_id").asText()).isEqualTo(facade.parentId());
            for (XRayDaemon.Datagram d : datagrams) {
                if (d.document() != handler) {
                    assertThat(d.document().path("parent_id").asText()).as("independent subsegments point at the handler")
                            .isEqualTo(handler.path("id").asText());
                }
                for (JsonNode step : d.document().path("subsegments")) {
                    assertThat(step.path("metadata").path("orders").path("payload").asText()).hasSize(4096);
                }
            }
            Facade marker = sampled();
            tracer.execute(invocation(marker), () -> "marker");
            assertThat(fx.daemon.takeOne().path("trace_id").asText()).as("nothing was sent twice").isEqualTo(marker.traceId());
            assertThat(fx.warnings).isEmpty();
        }
    }

    @Test
    void subsegmentAloneOverTheLimit_keepsWhatFitsAndWarns() {
        try (Tracer tracer = fx.tracer()) {

            tracer.execute(invocation(sampled()), () -> {
                for (int i = 0; i < 8; i++) {
                    tracer.putMetadata("part" + i, "p".repeat(15_000));
                }
                tracer.putAnnotation("order_id", "o-1");
                return "done";
            });

            XRayDaemon.Datagram d = fx.daemon.takeDatagrams(1, Duration.ofSeconds(5)).get(0);
            assertThat(d.bytes()).isLessThanOrEqualTo(UdpEmitter.MAX_DATAGRAM_BYTES);
            JsonNode metadata = d.document().path("metadata").path("orders");
            assertThat(metadata.size()).isBetween(3, 7);
            assertThat(metadata.path("part0").asText()).hasSize(15_000);
            assertThat(d.document().path("annotations").path("order_id").asText()).isEqualTo("o-1");
            assertThat(fx.warnings).hasSize(1).first().asString().contains("exceeds");
        }
    }

    @Test
    void deepChainOverTheLimit_isSplitAlongTheChain_everyLevelUnderTheLevelAbove() {
        Facade facade = sampled();
        try (Tracer tracer = fx.tracer()) {

            tracer.execute(invocation(facade), () -> nest(tracer, 12));

            Map<String, String> parentOf = new HashMap<>();
            Set<String> names = new HashSet<>();
            List<XRayDaemon.Datagram> datagrams = fx.daemon.takeUntil(ds -> {
                parentOf.clear();
                names.clear();
                for (XRayDaemon.Datagram d : ds) {
                    parentOf.put(d.document().path("id").asText(), d.document().path("parent_id").asText());
                    collect(d.document(), parentOf, names);
                }
                return names.size() == 13;
            }, Duration.ofSeconds(5));
            Map<String, String> idByName = new HashMap<>();
            datagrams.forEach(d -> idsByName(d.document(), idByName));
            assertThat(datagrams).hasSizeGreaterThanOrEqualTo(2);
            assertThat(parentOf.get(idByName.get("## handleRequest"))).isEqualTo(facade.parentId());
            assertThat(parentOf.get(idByName.get("## level12"))).isEqualTo(idByName.get("## handleRequest"));
            for (int level = 1; level < 12; level++) {
                assertThat(parentOf.get(idByName.get("## level" + level))).as("parent of level " + level)
                        .isEqualTo(idByName.get("## level" + (level + 1)));
            }
            assertThat(fx.warnings).isEmpty();
        }
    }

    private static void idsByName(JsonNode node, Map<String, String> idByName) {
        idByName.put(node.path("name").asText(), node.path("id").asText());
        for (JsonNode c : node.path("subsegments")) {
            idsByName(c, idByName);
        }
    }

    private static Object nest(Tracer tracer, int depth) {
        if (depth == 0) {
            return "bottom";
        }
        return tracer.trace("level" + depth, () -> {
            tracer.putMetadata("blob", "b".repeat(9_000));
            return nest(tracer, depth - 1);
        });
    }

    private static void collect(JsonNode node, Map<String, String> parentOf, Set<String> names) {
        assertThat(names.add(node.path("name").asText())).as("sent twice: " + node.path("name")).isTrue();
        for (JsonNode c : node.path("subsegments")) {
            parentOf.put(c.path("id").asText(), node.path("id").asText());
            collect(c, parentOf, names);
        }
    }
}
