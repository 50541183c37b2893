package io.lambdakit.examples.orders.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.lambdakit.testing.Conformance;
import io.lambdakit.testing.InvocationResult;

/**
 * The README's local run, as a test: the same scenario, the same output, through the real Lambda
 * runtime interface client in child JVMs, against DynamoDB Local, ElasticMQ and the stand-ins; once in
 * Lambda's classic model and once as on Lambda Managed Instances ({@code -Dorders.maxConcurrency=8}), where
 * steps 1 to 4 must come out the same and step 5 is a burst of orders in flight at once.
 */
class OrdersLocalRunIT {

    private static final int MAX_CONCURRENCY = 8;

    @Test
    void localRun_everyStep_behavesAndIsObservable() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        OrdersScenario.Report report = run(0, "local-run", printed);

        assertStepsOneToFourAndObservability(report);
        // 5: SnapStart: primed before the checkpoint, restored, first request not a cold start
        assertThat(report.snapStart().succeeded()).isTrue();
        assertThat(OrdersScenario.primingHooks(report.snapStart()))
                .anyMatch(h -> h.startsWith("orders: CreateOrder request path "))
                .anyMatch(h -> h.startsWith("orders: prime CreateOrder "));
        assertThat(report.snapStart().checkpointOutput()).as("the primed handler call is silent: its 400 path logs and"
                + " counts a rejected order, and neither may reach the output")
                .noneMatch(l -> l.contains("rejected an order") || l.contains("OrderRejected"));
        assertThat(report.afterRestore().logLines()).isNotEmpty().allSatisfy(l -> assertThat(l.path("cold_start").asBoolean(true)).isFalse());
        assertThat(report.burst()).isEmpty();

        assertThat(createOrderInvocations(report)).hasSize(4);
        assertThat(OrdersScenario.metricTotal(report.invocations(), "OrderCreated")).isEqualTo(2.0);
        assertThat(OrdersScenario.metricTotal(report.invocations(), "ColdStart")).isEqualTo(2.0);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("5. SnapStart");
    }

    @Test
    void localRun_onManagedInstances_sameOutcomes_andTheBurstOverlapsInOneEnvironment() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        OrdersScenario.Report report = run(MAX_CONCURRENCY, "local-run-lmi", printed);

        assertStepsOneToFourAndObservability(report);
        // 5: 2n orders at once: each its own 201, order and output; several in flight in one environment
        assertThat(report.snapStart()).isNull();
        assertThat(report.burst()).hasSize(2 * MAX_CONCURRENCY).allSatisfy(r -> {
            assertThat(r.responseJson().path("statusCode").asInt()).isEqualTo(201);
            assertThat(OrdersScenario.metricTotal(List.of(r), "OrderCreated")).isEqualTo(1.0);
        });
        assertThat(report.burst().stream().map(r -> r.responseJson().path("body").asText()).distinct()).hasSize(2 * MAX_CONCURRENCY);
        assertThat(report.burst().stream().map(InvocationResult::requestId).distinct()).hasSize(2 * MAX_CONCURRENCY);
        assertThat(report.burst().stream().map(InvocationResult::environmentId).distinct()).hasSize(1);
        assertThat(report.maxInFlight()).isGreaterThan(1).isLessThanOrEqualTo(MAX_CONCURRENCY);

        assertThat(createOrderInvocations(report)).hasSize(3 + 2 * MAX_CONCURRENCY);
        assertThat(OrdersScenario.metricTotal(report.invocations(), "OrderCreated")).isEqualTo(1.0 + 2 * MAX_CONCURRENCY);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("as on Lambda Managed Instances",
                "up to " + MAX_CONCURRENCY + " invocations at once", "5. " + 2 * MAX_CONCURRENCY + " orders at once",
                "in flight at once: up to ").doesNotContain("5. SnapStart");
    }

    private static OrdersScenario.Report run(int maxConcurrency, String directory, ByteArrayOutputStream printed)
            throws Exception {
        PrintStream out = new PrintStream(new Tee(printed, System.out), true, StandardCharsets.UTF_8);
        Path work = Path.of(System.getProperty("orders.workDirectory")).resolve(directory);
        try (OrdersScenario scenario = OrdersScenario.start(new OrdersScenario.Settings(
                Path.of(System.getProperty("orders.template")), work, 0, out, maxConcurrency))) {
            OrdersScenario.Report report = scenario.run();
            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("1. create an order", "2. replay it", "3. a malformed body", "4. payments",
                    "what the functions emitted", "conformance", "all steps passed");
            return report;
        }
    }

    /** What both models must do the same: steps 1 to 4, and every invocation observable and conformant. */
    private static void assertStepsOneToFourAndObservability(OrdersScenario.Report report) {
        // 1-2: one order, replayed byte for byte
        assertThat(report.created().path("status").asText()).isEqualTo("CREATED");
        assertThat(report.replayed()).isEqualTo(report.created());
        assertThat(report.ordersAfterReplay()).isEqualTo(1);
        // 3: a clear 400
        assertThat(report.malformedStatus()).isEqualTo(400);
        assertThat(report.malformedBody().path("error").asText()).isEqualTo("malformed_body");
        // 4: the poison message fails alone, every time, then sits in the DLQ; the payment counts once
        assertThat(report.batchFailures()).hasSize(3).allSatisfy(f -> assertThat(f).containsExactly(report.poisonMessageId()));
        assertThat(report.deadLetters()).containsExactly(report.poisonMessageId());
        assertThat(report.paidOrder().get("status").s()).isEqualTo("PAID");
        assertThat(report.orderPaidMetrics()).isEqualTo(1.0);

        // observability of every invocation: context keys in the logs, EMF, X-Ray segments
        for (InvocationResult r : report.invocations()) {
            assertThat(r.logLines()).as("log lines of " + r.requestId()).isNotEmpty()
                    .allSatisfy(l -> assertThat(l.path("function_request_id").asText()).isEqualTo(r.requestId()));
            assertThat(r.segments()).as("segments of " + r.requestId()).isNotEmpty();
        }
        assertThat(createOrderInvocations(report)).allSatisfy(r -> assertThat(r.logLines())
                .allSatisfy(l -> assertThat(l.path("correlation_id").asText()).isNotBlank()));
        assertThat(OrdersScenario.metricTotal(report.invocations(), "PaymentFailed")).isEqualTo(3.0);
        List<String> segmentNames = new ArrayList<>();
        report.invocations().forEach(r -> r.segments().forEach(s -> collect(s, segmentNames)));
        assertThat(segmentNames).contains("## handleRequest", "## putOrder", "## markPaid", "DynamoDB");

        // every EMF line, log line and X-Ray datagram follows the published rules (schemas, CloudWatch limits, log keys)
        assertThat(report.invocations()).allSatisfy(r -> assertThat(Conformance.violations(r)).as("conformance of " + r.requestId()).isEmpty());
    }

    private static List<InvocationResult> createOrderInvocations(OrdersScenario.Report report) {
        List<InvocationResult> createOrder = new ArrayList<>();
        for (InvocationResult r : report.invocations()) {
            if (r.logLines().get(0).path("function_name").asText().equals("CreateOrderFunction")) {
                createOrder.add(r);
            }
        }
        return createOrder;
    }

    private static void collect(JsonNode segment, List<String> into) {
        into.add(segment.path("name").asText());
        segment.path("subsegments").forEach(s -> collect(s, into));
    }

    /** Prints to the console and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws java.io.IOException {
            a.write(buffer, offset, length);
            b.write(buffer, offset, length);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
