package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lambdakit.core.TraceHeader;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.tracing.sdk.SdkCallsHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code X-Amzn-Trace-Id} of real AWS SDK requests, as an HTTP server on loopback receives them, from a
 * handler running under the real runtime interface client (which sets the trace header system property the
 * SDK's own interceptor reads for each invocation, and leaves it set afterwards). Inside an invocation the
 * header names the SDK subsegment; outside any invocation (at init, in a thread that outlives the handler)
 * no header goes out.
 */
class SdkTraceHeaderIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the server received: the moment the handler named and the trace header it carried. */
    record Received(String moment, String traceHeader) {
    }

    private HttpServer server;
    private ExecutorService executor;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch gate = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/gate", exchange -> {
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, "open");
        });
        server.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            received.add(new Received(body.path("ExclusiveStartTableName").asText(),
                    exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id") == null ? "<none>" : exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id")));
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-" + received.size());
            reply(exchange, "{\"TableNames\":[]}");
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        gate.countDown();
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

    private Received next() throws InterruptedException {
        Received r = received.poll(60, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        return r;
    }

    @Test
    void sdkCalls_atInitAndAfterTheHandlerReturned_carryNoTraceHeader_callsInTheInvocationCarryItsOwn() throws Exception {
        try (LocalFunction fn = LocalFunction.builder().handler(SdkCallsHandler.class)
                .environment(Map.of("SDK_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort(),
                        "POWERTOOLS_SERVICE_NAME", "orders"))
                .start()) {

            InvocationResult first = fn.invoke("{\"n\":\"1\"}");
            gate.countDown(); // the handler has returned: let its worker thread call now

            assertThat(fn.usesNativeRuntimeClient()).isTrue();
            assertThat(first.response()).isEqualTo("\"ok\"");
            Received init = next();
            Received inside = next();
            Received after = next();
            assertThat(List.of(init, after)).containsExactly(new Received("init", "<none>"), new Received("after-1", "<none>"));
            TraceHeader invocation = TraceHeader.parseOrThrow(first.traceHeader().orElseThrow());
            JsonNode handler = first.segments().get(0);
            JsonNode call = handler.path("subsegments").get(0);
            assertThat(call.path("name").asText()).isEqualTo("DynamoDB");
            assertThat(inside).isEqualTo(new Received("invocation-1",
                    "Root=" + invocation.root() + ";Parent=" + call.path("id").asText() + ";Sampled=1"));
            first.segments().forEach(SegmentSchema::assertValid);
        }
    }
}
