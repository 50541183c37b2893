package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.tracing.sdk.ConcurrentSdkCallsHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda Managed Instances end to end: {@link ConcurrentSdkCallsHandler} runs under the real runtime interface client
 * with eight runtime threads, and hundreds of invocations are sent eight at a time, each with its own trace header.
 * Every subsegment lands in its own invocation's trace, under the function segment its header names, and every AWS
 * SDK call carries its own invocation's trace header, as the HTTP server on loopback that stands in for DynamoDB
 * receives it: through lambdakit's {@link TracingInterceptor} (on the runtime's thread and from a shared worker
 * that {@link Tracer#wrap} carried the invocation to) the SDK call's subsegment is the parent; through a plain
 * client the SDK's own interceptor sends the header the runtime client keeps per runtime thread (utils-lite's
 * {@code SdkInternalThreadLocal}): from the runtime thread, and from a thread the invocation starts (the storage is
 * an {@code InheritableThreadLocal}), its own invocation's header; from a worker created at init, which has no such
 * storage, the SDK falls back to the process environment's {@code _X_AMZN_TRACE_ID}: the trace of the function's
 * init, not of the invocation (the runtime client sets no {@code com.amazonaws.xray.traceHeader} property on a
 * managed instance).
 *
 * <p>What this does not show, because it is not deterministic: a worker created <em>during</em> an invocation (a
 * pool that starts its threads lazily) shares the map of the runtime thread that created it, so a plain client's
 * call from it carries whichever invocation that runtime thread is running (a first run with a lazy pool saw
 * {@code ord-0}'s task send {@code ord-3}'s header). lambdakit's interceptor sets or removes the header itself, so
 * its calls never carry another invocation's.
 */
class TracingConcurrencyIT {

    private static final int CONCURRENCY = 8;
    private static final int WAVES = 25;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NONE = "<none>";
    /** The trace of the function's init, which the process environment keeps ({@code _X_AMZN_TRACE_ID}). */
    private static final String INIT_TRACE_HEADER = "Root=1-6b100000-1a1a1a1a1a1a1a1a1a1a1a1a;Parent=1a1a1a1a1a1a1a1a;Sampled=1";

    private HttpServer server;
    private ExecutorService executor;
    /** What the server received: the call's name (its ExclusiveStartTableName) and the trace header it carried. */
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String header = exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id");
            requests.incrementAndGet();
            received.put(body.path("ExclusiveStartTableName").asText(), header == null ? NONE : header);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-" + requests.get());
            reply(exchange, "{\"TableNames\":[]}");
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void concurrentInvocations_subsegmentsLandInTheirOwnTrace_sdkCallsCarryTheirOwnInvocationsHeader() {
        try (LocalFunction fn = LocalFunction.builder()
                .handler(ConcurrentSdkCallsHandler.class)
                .maxConcurrency(CONCURRENCY)
                .timeout(Duration.ofSeconds(30))
                .environment(Map.of("SDK_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort(),
                        "POWERTOOLS_SERVICE_NAME", "orders",
                        "_X_AMZN_TRACE_ID", INIT_TRACE_HEADER))
                .start()) {
            int count = WAVES * CONCURRENCY;
            String rootPrefix = String.format("1-%08x-%012x", System.currentTimeMillis() / 1000,
                    ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
            long parentBase = ThreadLocalRandom.current().nextLong() & 0x0fff_ffff_ffff_0000L;
            List<String> headers = new ArrayList<>();
            List<CompletableFuture<InvocationResult>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String header = "Root=" + rootPrefix + String.format("%012x", i) + ";Parent=" + String.format("%016x", parentBase + i)
                        + ";Sampled=1";
                headers.add(header);
                futures.add(fn.invokeAsync("{\"id\":\"ord-" + i + "\"}", LocalFunction.InvokeOptions.create().traceHeader(header)));
            }
            List<InvocationResult> results = futures.stream().map(CompletableFuture::join).toList();

            assertThat(fn.usesNativeRuntimeClient()).as("the real runtime interface client ran the handler").isTrue();
            List<Integer> inFlight = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                InvocationResult r = results.get(i);
                String id = "ord-" + i;
                String root = rootPrefix + String.format("%012x", i);
                String parent = String.format("%016x", parentBase + i);
                assertThat(r.response()).isEqualTo("\"" + id + "\"");
                assertThat(r.segments()).as("the documents of %s", id).hasSize(1);
                JsonNode handler = r.segments().get(0);
                SegmentSchema.assertValid(handler);
                assertThat(handler.path("name").asText()).isEqualTo("## handleRequest");
                assertThat(handler.path("trace_id").asText()).as("trace of %s", handler).isEqualTo(root);
                assertThat(handler.path("parent_id").asText()).as("parent of %s", handler).isEqualTo(parent);
                assertThat(handler.path("annotations").path("order_id").asText()).as("annotations of %s", handler).isEqualTo(id);
                assertThat(handler.path("annotations").path("ColdStart").asBoolean(true))
                        .as("a managed instance has no cold start: %s", handler).isFalse();
                assertThat(handler.path("annotations").path("Service").asText()).isEqualTo("orders");
                inFlight.add(handler.path("annotations").path("in_flight").asInt());

                JsonNode children = handler.path("subsegments");
                assertThat(children).as("children of %s", handler).hasSize(2);
                JsonNode charge = child(children, "## charge");
                assertThat(charge.path("subsegments")).hasSize(1);
                JsonNode tracedCall = charge.path("subsegments").get(0);
                JsonNode workerCall = child(children, "DynamoDB");
                for (JsonNode call : List.of(tracedCall, workerCall)) {
                    assertThat(call.path("name").asText()).isEqualTo("DynamoDB");
                    assertThat(call.path("namespace").asText()).isEqualTo("aws");
                    assertThat(call.path("aws").path("operation").asText()).isEqualTo("ListTables");
                }
                ids.addAll(List.of(handler.path("id").asText(), charge.path("id").asText(), tracedCall.path("id").asText(),
                        workerCall.path("id").asText()));
                assertThat(received.get("traced-" + id)).as("the traced client's call in %s", id)
                        .isEqualTo("Root=" + root + ";Parent=" + tracedCall.path("id").asText() + ";Sampled=1");
                assertThat(received.get("worker-traced-" + id)).as("the traced client's call from a worker carrying %s", id)
                        .isEqualTo("Root=" + root + ";Parent=" + workerCall.path("id").asText() + ";Sampled=1");
                assertThat(received.get("plain-" + id)).as("a plain client's call in %s: the runtime client's per-thread trace id", id)
                        .isEqualTo(headers.get(i));
                assertThat(received.get("worker-plain-" + id))
                        .as("a plain client's call from a worker created at init, in %s: the SDK falls back to _X_AMZN_TRACE_ID", id)
                        .isEqualTo(INIT_TRACE_HEADER);
                assertThat(received.get("child-plain-" + id)).as("a plain client's call from a thread %s started: inherited", id)
                        .isEqualTo(headers.get(i));
            }
            assertThat(requests.get()).as("five calls per invocation, none at init, none retried").isEqualTo(5 * count);
            assertThat(received).hasSize(5 * count);
            assertThat(ids).as("subsegment ids, unique across concurrent invocations").hasSize(4 * count).doesNotHaveDuplicates();
            assertThat(fn.xrayDaemon().rejected()).isEmpty();
            assertThat(fn.environmentSegments()).as("every document was in the trace of an invocation in flight").isEmpty();
            assertThat(inFlight).as("request ids inside the handler when each invocation entered")
                    .allMatch(v -> v >= 1 && v <= CONCURRENCY)
                    .contains(CONCURRENCY);
            assertThat(inFlight.stream().filter(v -> v == CONCURRENCY).count())
                    .as("the last invocation of each wave found all the others in flight")
                    .isGreaterThanOrEqualTo(WAVES);
        }
    }

    private static JsonNode child(JsonNode children, String name) {
        List<JsonNode> named = new ArrayList<>();
        children.forEach(c -> {
            if (c.path("name").asText().equals(name)) {
                named.add(c);
            }
        });
        assertThat(named).as("children named %s in %s", name, children).hasSize(1);
        return named.get(0);
    }
}
