package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.ColdStart;
import io.lambdakit.tracing.TracingFixture.Facade;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lambdakit.tracing.TracingFixture.invocation;
import static io.lambdakit.tracing.TracingFixture.notSampled;
import static io.lambdakit.tracing.TracingFixture.sampled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Traced calls through the plain API, received on a real UDP socket and checked against the schema. */
class TracingIT {

    private final TracingFixture fx = new TracingFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void handler_sampledInvocation_sendsOneSubsegmentOfTheFacadeSegment() {
        Facade facade = sampled();
        try (Tracer tracer = fx.tracer()) {

            String result = tracer.execute(invocation(facade), () -> "ok");

            assertThat(result).isEqualTo("ok");
            JsonNode doc = fx.daemon.takeOne();
            assertThat(doc.path("name").asText()).isEqualTo("## handleRequest");
            assertThat(doc.path("type").asText()).isEqualTo("subsegment");
            assertThat(doc.path("trace_id").asText()).isEqualTo(facade.traceId());
            assertThat(doc.path("parent_id").asText()).isEqualTo(facade.parentId());
            assertThat(doc.path("id").asText()).matches("[0-9a-f]{16}").isNotEqualTo(facade.parentId());
            assertThat(doc.path("end_time").asDouble()).isGreaterThan(doc.path("start_time").asDouble());
            assertThat(doc.path("annotations").path("ColdStart").asBoolean()).isTrue();
            assertThat(doc.path("annotations").path("Service").asText()).isEqualTo("orders");
            assertThat(doc.path("metadata").path("orders").path("handleRequest response").asText()).isEqualTo("ok");
            assertThat(doc.has("namespace")).isFalse();
            assertThat(doc.has("fault")).isFalse();
        }
    }

    @Test
    void handler_secondInvocation_isNotAColdStart() {
        try (Tracer tracer = fx.tracer()) {
            tracer.execute(invocation(sampled()), () -> 1);

            tracer.execute(invocation(sampled()), () -> 2);

            List<JsonNode> docs = fx.daemon.take(2);
            assertThat(docs.get(0).path("annotations").path("ColdStart").asBoolean()).isTrue();
            assertThat(docs.get(1).path("annotations").path("ColdStart").asBoolean()).isFalse();
        }
    }

    @Test
    void handler_snapStartRestore_isNotAColdStart() {
        fx.env("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        try (Tracer tracer = fx.tracer()) {

            tracer.execute(invocation(sampled()), () -> {
                assertThat(io.lambdakit.core.InvocationContext.current().orElseThrow().coldStart()).isEqualTo(ColdStart.SNAP_START_RESTORE);
                return 1;
            });

            assertThat(fx.daemon.takeOne().path("annotations").path("ColdStart").asBoolean()).isFalse();
        }
    }

    @Test
    void nestedCalls_areEmbeddedInTheirParentWithUniqueIdsAndNestedTimes() {
        try (Tracer tracer = fx.tracer()) {

            tracer.execute(invocation(sampled()), () -> tracer.trace("load", () -> {
                tracer.trace("parse", () -> null);
                tracer.trace("validate", () -> null);
                return "loaded";
            }));

            JsonNode handler = fx.daemon.takeOne();
            JsonNode load = handler.path("subsegments").get(0);
            assertThat(handler.path("subsegments")).hasSize(1);
            assertThat(load.path("name").asText()).isEqualTo("## load");
            assertThat(load.has("trace_id")).as("embedded subsegments carry no trace_id").isFalse();
            assertThat(load.path("metadata").path("orders").path("load response").asText()).isEqualTo("loaded");
            assertThat(load.path("subsegments")).extracting(n -> n.path("name").asText()).containsExactly("## parse", "## validate");
            Set<String> ids = new HashSet<>();
            collectIds(handler, ids);
            assertThat(ids).hasSize(4);
            assertWithin(handler, load);
            for (JsonNode child : load.path("subsegments")) {
                assertWithin(load, child);
            }
            assertThat(fx.daemon.isEmpty()).isTrue();
        }
    }

    @Test
    void annotations_validKeysRecorded_invalidKeysIgnoredWithOneWarning() {
        try (Tracer tracer = fx.tracer()) {

            tracer.execute(invocation(sampled()), () -> {
                tracer.putAnnotation("order_id", "o-42");
                tracer.putAnnotation("amount", 12.5);
                tracer.putAnnotation("items", 3);
                tracer.putAnnotation("express", true);
                tracer.putAnnotation("note", "x".repeat(1500));
                tracer.putAnnotation("order-id", "dash is not allowed");
                tracer.putAnnotation("order-id", "still not allowed");
                tracer.putAnnotation("not a number", Double.NaN);
                tracer.putAnnotation("ratio", Double.NaN);
                return null;
            });

            JsonNode annotations = fx.daemon.takeOne().path("annotations");
            assertThat(annotations.path("order_id").asText()).isEqualTo("o-42");
            assertThat(annotations.path("amount").asDouble()).isEqualTo(12.5);
            assertThat(annotations.path("items").asLong()).isEqualTo(3);
            assertThat(annotations.path("express").asBoolean()).isTrue();
            assertThat(annotations.path("note").asText()).hasSize(1000);
            assertThat(annotations.has("order-id")).isFalse();
            assertThat(annotations.has("ratio")).isFalse();
            assertThat(fx.warnings).filteredOn(w -> w.contains("'order-id'")).hasSize(1);
            assertThat(fx.warnings).filteredOn(w -> w.contains("'ratio'")).hasSize(1);
        }
    }

    @Test
    void metadata_isGroupedByNamespace_serviceNameByDefault() {
        try (Tracer tracer = fx.tracer()) {

            tracer.execute(invocation(sampled()), () -> {
                tracer.putMetadata("order", Map.of("id", "o-1", "lines", List.of(1, 2)));
                tracer.putMetadata("billing", "invoice", "inv-9");
                tracer.putMetadata("AWS.reserved", "k", "v");
                return null;
            });

            JsonNode metadata = fx.daemon.takeOne().path("metadata");
            assertThat(metadata.path("orders").path("order").path("lines")).hasSize(2);
            assertThat(metadata.path("billing").path("invoice").asText()).isEqualTo("inv-9");
            assertThat(metadata.has("AWS.reserved")).isFalse();
            assertThat(fx.warnings).anyMatch(w -> w.contains("AWS.reserved"));
        }
    }

    @Test
    void exception_recordsFaultAndCauseInItsSubsegment_parentRefersToItById_andPropagatesUnchanged() {
        IllegalStateException boom = new IllegalStateException("card declined", new IOException("socket reset"));
        try (Tracer tracer = fx.tracer()) {

            assertThatThrownBy(() -> tracer.execute(invocation(sampled()), () -> tracer.trace("charge", () -> {
                throw boom;
            }))).isSameAs(boom);

            JsonNode handler = fx.daemon.takeOne();
            JsonNode charge = handler.path("subsegments").get(0);
            assertThat(charge.path("fault").asBoolean()).isTrue();
            JsonNode exceptions = charge.path("cause").path("exceptions");
            assertThat(exceptions).hasSize(2);
            assertThat(exceptions.get(0).path("type").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(exceptions.get(0).path("message").asText()).isEqualTo("card declined");
            assertThat(exceptions.get(0).path("stack").get(0).path("label").asText()).contains("TracingIT");
            assertThat(exceptions.get(0).path("cause").asText()).isEqualTo(exceptions.get(1).path("id").asText());
            assertThat(exceptions.get(1).path("type").asText()).isEqualTo("java.io.IOException");
            assertThat(charge.path("cause").path("working_directory").asText()).isNotBlank();
            assertThat(charge.path("metadata").path("orders").path("charge error").path("message").asText()).isEqualTo("card declined");
            assertThat(handler.path("fault").asBoolean()).isTrue();
            assertThat(handler.path("cause").asText()).isEqualTo(exceptions.get(0).path("id").asText());
        }
    }

    @Test
    void sampledZero_sendsNothing() {
        try (Tracer tracer = fx.tracer()) {
            Facade marker = sampled();

            String result = tracer.execute(invocation(notSampled()), () -> {
                tracer.putAnnotation("k", "v");
                tracer.putMetadata("k", "v");
                assertThat(tracer.isRecording()).isFalse();
                return tracer.trace("inner", () -> "done");
            });
            tracer.execute(invocation(null), () -> tracer.trace("no header", () -> "done"));
            tracer.execute(invocation(marker), () -> "marker");

            assertThat(result).isEqualTo("done");
            JsonNode first = fx.daemon.takeOne();
            assertThat(first.path("trace_id").asText()).as("the first document received is the marker's").isEqualTo(marker.traceId());
            assertThat(fx.daemon.isEmpty()).isTrue();
            assertThat(fx.warnings).isEmpty();
        }
    }

    @Test
    void tracingDisabled_sendsNothing_butRunsTheCode() {
        fx.env("POWERTOOLS_TRACE_DISABLED", "true");
        try (Tracer disabled = fx.tracer(); Tracer enabled = fx.tracer(b -> b.enabled(true))) {

            String result = disabled.execute(invocation(sampled()), () -> disabled.trace("inner", () -> "done"));
            Facade marker = sampled();
            enabled.execute(invocation(marker), () -> "marker");

            assertThat(result).isEqualTo("done");
            assertThat(fx.daemon.takeOne().path("trace_id").asText()).isEqualTo(marker.traceId());
        }
    }

    @Test
    void captureResponseFalseInEnvironment_noResponseMetadata_unlessTheOptionsAskForIt() {
        fx.env("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "false");
        try (Tracer tracer = fx.tracer()) {

            tracer.execute(invocation(sampled()), () -> {
                tracer.trace("quiet", () -> "q");
                tracer.trace(TraceOptions.builder("loud").captureMode(CaptureMode.RESPONSE).build(), () -> "l");
                return "h";
            });

            JsonNode handler = fx.daemon.takeOne();
            assertThat(handler.path("metadata").path("orders").has("handleRequest response")).isFalse();
            assertThat(handler.path("subsegments").get(0).has("metadata")).isFalse();
            assertThat(handler.path("subsegments").get(1).path("metadata").path("orders").path("loud response").asText()).isEqualTo("l");
        }
    }

    @Test
    void captureModeDisabled_recordsNeitherResponseNorErrorMetadata_butStillTheCause() {
        try (Tracer tracer = fx.tracer()) {
            TraceOptions quiet = TraceOptions.builder("quiet").namespace("payments").captureMode(CaptureMode.DISABLED).build();

            assertThatThrownBy(() -> tracer.execute(quiet, invocation(sampled()), () -> {
                throw new IllegalArgumentException("bad");
            })).hasMessage("bad");

            JsonNode doc = fx.daemon.takeOne();
            assertThat(doc.path("name").asText()).isEqualTo("## quiet");
            assertThat(doc.path("annotations").path("Service").asText()).isEqualTo("payments");
            assertThat(doc.has("metadata")).isFalse();
            assertThat(doc.path("cause").path("exceptions").get(0).path("message").asText()).isEqualTo("bad");
        }
    }

    @Test
    void largeResponse_isCutWithAMarker_andTheDocumentStaysValid() {
        try (Tracer tracer = fx.tracer()) {
            String huge = "ä".repeat(200_000);

            String result = tracer.execute(invocation(sampled()), () -> huge);

            assertThat(result).isSameAs(huge);
            XRayDaemon.Datagram d = fx.daemon.takeDatagrams(1, java.time.Duration.ofSeconds(5)).get(0);
            String captured = d.document().path("metadata").path("orders").path("handleRequest response").asText();
            assertThat(captured).startsWith("ää").endsWith("...[truncated by lambdakit]");
            assertThat(d.bytes()).isLessThan(16 * 1024 + 2_000);
        }
    }

    /** A response Jackson cannot serialise: its getter throws. */
    public static final class Unserialisable {
        public String getValue() {
            throw new IllegalStateException("not today");
        }
    }

    @Test
    void unserialisableResponse_recordsAPlaceholderAndWarnsOnce_handlerGetsItsResult() {
        try (Tracer tracer = fx.tracer()) {
            Unserialisable response = new Unserialisable();

            Object first = tracer.execute(invocation(sampled()), () -> response);
            Object second = tracer.execute(invocation(sampled()), () -> response);

            assertThat(first).isSameAs(response);
            assertThat(second).isSameAs(response);
            for (JsonNode doc : fx.daemon.take(2)) {
                assertThat(doc.path("metadata").path("orders").path("handleRequest response").asText())
                        .isEqualTo("<unserialisable " + Unserialisable.class.getName() + ">");
            }
            assertThat(fx.warnings).hasSize(1).first().asString().contains("cannot be serialised");
        }
    }

    /** A response whose getter is itself traced: it runs while the document is being encoded. */
    public static final class TracedGetter {
        private final Tracer tracer;

        TracedGetter(Tracer tracer) {
            this.tracer = tracer;
        }

        public String getTotal() {
            return tracer.trace("getTotal", () -> "12.50");
        }
    }

    @Test
    void responseWithATracedGetter_isEncodedOnce_theGetterIsNotTracedDuringEncoding() {
        try (Tracer tracer = fx.tracer()) {
            Facade marker = sampled();

            tracer.execute(invocation(sampled()), () -> new TracedGetter(tracer));
            tracer.execute(invocation(marker), () -> "marker");

            List<JsonNode> docs = fx.daemon.take(2);
            assertThat(docs.get(0).path("metadata").path("orders").path("handleRequest response").path("total").asText()).isEqualTo("12.50");
            assertThat(docs.get(0).has("subsegments")).isFalse();
            assertThat(docs.get(1).path("trace_id").asText()).isEqualTo(marker.traceId());
            assertThat(fx.warnings).isEmpty();
        }
    }

    @Test
    void blankName_isRecordedAsUnnamed_withOneWarning_neverFailsTheCall() {
        try (Tracer tracer = fx.tracer()) {

            String result = tracer.execute(invocation(sampled()), () -> tracer.trace(" ", () -> "ok"));

            assertThat(result).isEqualTo("ok");
            assertThat(fx.daemon.takeOne().path("subsegments").get(0).path("name").asText()).isEqualTo("## unnamed");
            assertThat(fx.warnings).hasSize(1);
        }
    }

    @Test
    void deadDaemon_handlerIsUnaffected() throws Exception {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = s.getLocalPort();
        }
        int port = closedPort;
        try (Tracer tracer = fx.tracer(b -> b.daemonAddress("127.0.0.1:" + port))) {

            for (int i = 0; i < 3; i++) {
                assertThat(tracer.execute(invocation(sampled()), () -> tracer.trace("inner", () -> "ok"))).isEqualTo("ok");
            }

            assertThat(tracer.engine().emitter().sentCount()).isEqualTo(3);
        }
    }

    @Test
    void unresolvableDaemon_warnsOnce_handlerIsUnaffected() {
        try (Tracer tracer = fx.tracer(b -> b.daemonAddress("no-such-daemon.invalid:2000"))) {

            for (int i = 0; i < 3; i++) {
                assertThat(tracer.execute(invocation(sampled()), () -> "ok")).isEqualTo("ok");
            }

            assertThat(fx.warnings).hasSize(1).first().asString().contains("no-such-daemon.invalid:2000");
            assertThat(tracer.engine().emitter().droppedCount()).isEqualTo(3);
        }
    }

    @Test
    void fullSocketBuffer_dropsTheDocumentAndWarnsOnce_handlerIsUnaffected() {
        AtomicInteger attempts = new AtomicInteger();
        io.lambdakit.tracing.internal.UdpEmitter.Transport full = new io.lambdakit.tracing.internal.UdpEmitter.Transport() {
            @Override
            public int send(java.nio.ByteBuffer datagram, InetSocketAddress target) {
                attempts.incrementAndGet();
                return 0; // what a non-blocking DatagramChannel returns when the socket buffer is full
            }

            @Override
            public void close() {
            }
        };
        try (Tracer tracer = fx.tracer(b -> b.transport(full))) {

            for (int i = 0; i < 3; i++) {
                assertThat(tracer.execute(invocation(sampled()), () -> "ok")).isEqualTo("ok");
            }

            assertThat(attempts).hasValue(3);
            assertThat(fx.warnings).hasSize(1).first().asString().contains("socket buffer was full");
        }
    }

    @Test
    void traceHeader_insideASubsegment_namesItAsParent_outsideOneTheFacade() {
        Facade facade = sampled();
        List<String> headers = new ArrayList<>();
        try (Tracer tracer = fx.tracer()) {

            tracer.execute(invocation(facade), () -> tracer.trace("call", () -> headers.add(tracer.traceHeader().orElseThrow())));
            tracer.execute(invocation(notSampled()), () -> headers.add(tracer.traceHeader().orElseThrow()));

            JsonNode call = fx.daemon.takeOne().path("subsegments").get(0);
            assertThat(headers.get(0)).isEqualTo("Root=" + facade.traceId() + ";Parent=" + call.path("id").asText() + ";Sampled=1");
            assertThat(headers.get(1)).endsWith(";Sampled=0");
        }
    }

    @Test
    void snapStart_afterCheckpoint_theSocketReopens_andIdsAreReseeded() {
        try (Tracer tracer = fx.tracer()) {
            tracer.execute(invocation(sampled()), () -> 1);
            String before = fx.daemon.takeOne().path("id").asText();

            fx.lifecycle.beforeCheckpoint();
            fx.lifecycle.afterRestore();
            tracer.execute(invocation(sampled()), () -> 2);

            JsonNode after = fx.daemon.takeOne();
            assertThat(after.path("id").asText()).isNotEqualTo(before);
            assertThat(fx.lifecycle.lastRuns()).anyMatch(r -> r.name().startsWith("lambdakit-tracing") && r.succeeded());
        }
    }

    private static void collectIds(JsonNode node, Set<String> ids) {
        assertThat(ids.add(node.path("id").asText())).as("duplicate id " + node.path("id")).isTrue();
        for (JsonNode c : node.path("subsegments")) {
            collectIds(c, ids);
        }
    }

    private static void assertWithin(JsonNode parent, JsonNode child) {
        assertThat(child.path("start_time").asDouble()).isGreaterThanOrEqualTo(parent.path("start_time").asDouble());
        assertThat(child.path("end_time").asDouble()).isLessThanOrEqualTo(parent.path("end_time").asDouble())
                .isGreaterThanOrEqualTo(child.path("start_time").asDouble());
    }
}
