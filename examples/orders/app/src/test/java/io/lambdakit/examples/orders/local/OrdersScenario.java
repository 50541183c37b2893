package io.lambdakit.examples.orders.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.lambdakit.core.InitializationType;
import io.lambdakit.core.Json;
import io.lambdakit.testing.Conformance;
import io.lambdakit.testing.Events;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalApiGateway;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.LocalSqsEventSource;
import io.lambdakit.testing.SamTemplate;
import io.lambdakit.testing.SnapStartResult;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The orders service, locally, end to end: template.yaml's tables, queues and secret in local
 * services, both functions under the real Lambda runtime interface client with the template's
 * environment, API Gateway and the SQS event source played by lambdakit-testing's stand-ins
 * ({@link LocalApiGateway}, {@link LocalSqsEventSource}). {@link #run()}
 * drives the scenario, printing progress, and throws {@link ScenarioFailure} as soon as a step
 * misbehaves; {@link #serve()} then keeps everything up for curl.
 */
public final class OrdersScenario implements AutoCloseable {

    /** CreateOrder's handler, as in template.yaml. */
    public static final String CREATE_ORDER = "io.lambdakit.examples.orders.CreateOrder::handleRequest";
    /** ProcessOrders' handler, as in template.yaml. */
    public static final String PROCESS_ORDERS = "io.lambdakit.examples.orders.ProcessOrders::handleRequest";
    /** The order the scenario places: 2 x 12.50 + 5 x 2.50 = EUR 37.50. */
    public static final String ORDER = "{\"customerId\":\"c-42\",\"currency\":\"EUR\",\"items\":["
            + "{\"sku\":\"book-1\",\"quantity\":2,\"unitPriceCents\":1250},"
            + "{\"sku\":\"pen-7\",\"quantity\":5,\"unitPriceCents\":250}]}";
    /** A body that is not JSON. */
    public static final String MALFORMED = "{\"customerId\": \"c-42\", \"items\": [";
    /** A message no consumer can read. */
    public static final String POISON = "this is not a payment confirmation";

    /**
     * Where and how to run.
     *
     * @param template       template.yaml
     * @param workDirectory  where the functions keep their files
     * @param port           the local API's port (0: any free one)
     * @param out            where progress goes
     * @param maxConcurrency 0 for Lambda's classic model (one invocation at a time per environment, SnapStart);
     *                       n &gt; 0 for Lambda Managed Instances: each function serves up to n invocations at once
     *                       in one environment, and step 5 sends a burst of orders instead of the SnapStart sequence
     */
    public record Settings(Path template, Path workDirectory, int port, PrintStream out, int maxConcurrency) {

        /** Lambda's classic model. */
        public Settings(Path template, Path workDirectory, int port, PrintStream out) {
            this(template, workDirectory, port, out, 0);
        }

        /** @return whether the functions run as on Lambda Managed Instances */
        public boolean managedInstances() {
            return maxConcurrency > 0;
        }
    }

    /**
     * What the scenario observed, for the test suite to assert on.
     *
     * @param created            step 1's 201 body
     * @param replayed           step 2's 201 body
     * @param ordersAfterReplay  orders in the table after the replay
     * @param malformedStatus    step 3's status
     * @param malformedBody      step 3's body
     * @param poisonMessageId    the poison message's id
     * @param batchFailures      batchItemFailures of every poll that received the poison message
     * @param deadLetters        message ids found in the dead-letter queue
     * @param paidOrder          the order's item after the payments
     * @param orderPaidMetrics   OrderPaid metrics emitted over the payments batch (the payment came twice)
     * @param snapStart          what the SnapStart sequence printed and took (null on Managed Instances)
     * @param afterRestore       the first invocation after the restore (null on Managed Instances)
     * @param burst              on Managed Instances, the orders sent at once in step 5, in the order sent (else empty)
     * @param maxInFlight        on Managed Instances, the most burst invocations whose handler ran at the same moment
     *                           (from their X-Ray handler segments; 0 in the classic model)
     * @param invocations        every invocation, in order
     */
    public record Report(JsonNode created, JsonNode replayed, int ordersAfterReplay, int malformedStatus,
                         JsonNode malformedBody, String poisonMessageId, List<List<String>> batchFailures,
                         List<String> deadLetters, Map<String, AttributeValue> paidOrder, double orderPaidMetrics,
                         SnapStartResult snapStart, InvocationResult afterRestore, List<InvocationResult> burst,
                         int maxInFlight, List<InvocationResult> invocations) {
    }

    /** A step that did not do what it must. */
    public static final class ScenarioFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ScenarioFailure(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final SamTemplate template;
    private LocalAws aws;
    private LocalFunction createOrder;
    private LocalFunction processOrders;
    private LocalApiGateway api;
    private LocalSqsEventSource payments;
    private String paymentsQueueUrl;
    private String deadLetterQueueUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<InvocationResult> invocations = new CopyOnWriteArrayList<>();
    private final long started = System.nanoTime();

    private OrdersScenario(Settings settings) throws Exception {
        this.settings = settings;
        this.out = settings.out();
        this.template = SamTemplate.read(settings.template());
        out.println("lambdakit orders: the sample service, run locally (no AWS account, no Docker)"
                + (settings.managedInstances() ? ", as on Lambda Managed Instances" : ""));
        out.println("  template  " + settings.template().toAbsolutePath().normalize() + " ("
                + String.join(", ", template.functions().keySet()) + ")");
        out.println();
        out.println("starting");
        try {
            startAll();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        long t = System.nanoTime();
        this.aws = LocalAws.start(template);
        out.printf("  %-22s %s, tables %s%n", "DynamoDB Local", hostPort(aws.dynamoDbEndpoint()), String.join(", ", aws.tables()));
        this.paymentsQueueUrl = aws.queueUrl("PaymentsQueue");
        this.deadLetterQueueUrl = aws.queueUrl("PaymentsDeadLetterQueue");
        out.printf("  %-22s %s, PaymentsQueue -> PaymentsDeadLetterQueue after %s receives%n", "SQS (ElasticMQ)",
                hostPort(aws.sqsEndpoint()), maxReceiveCount());
        out.printf("  %-22s 127.0.0.1:%d, serving PaymentApiKeySecret%n", "secrets extension", aws.secrets().port());
        this.createOrder = start(CREATE_ORDER, InitializationType.ON_DEMAND, "$LATEST", "create-order");
        this.processOrders = start(PROCESS_ORDERS, InitializationType.ON_DEMAND, "$LATEST", "process-orders");
        Map<String, Object> apiEvent = event(CREATE_ORDER, "Api");
        this.api = LocalApiGateway.builder().port(settings.port())
                .routes(template.functionWithHandler(CREATE_ORDER), createOrder)
                .route("ANY", "/payments", this::enqueuePayment) // local only: a payment confirmation onto PaymentsQueue
                .start();
        out.printf("  %-22s http://127.0.0.1:%d%s -> CreateOrder%n", "API Gateway stand-in", api.port(), apiEvent.get("Path"));
        Map<String, Object> queueEvent = event(PROCESS_ORDERS, "SQS");
        this.payments = LocalSqsEventSource.builder().sqs(aws.sqs()).queueUrl(paymentsQueueUrl)
                .queueArn(aws.queueArnOf("PaymentsQueue")).region(LocalAws.REGION).function(processOrders)
                .settingsOf(template.functionWithHandler(PROCESS_ORDERS)).build();
        out.printf("  %-22s PaymentsQueue -> ProcessOrders, batches of %s, ReportBatchItemFailures%n", "SQS event source",
                queueEvent.get("BatchSize"));
        out.println("  ready in " + ms(t));
        out.println();
    }

    /**
     * Starts the local services and both functions (their init runs now).
     *
     * @param settings where and how
     * @return the running scenario
     * @throws Exception when something cannot start
     */
    public static OrdersScenario start(Settings settings) throws Exception {
        return new OrdersScenario(settings);
    }

    private LocalFunction start(String handler, InitializationType type, String version, String directory) {
        SamTemplate.Function function = template.functionWithHandler(handler);
        long t = System.nanoTime();
        LocalFunction.Builder builder = LocalFunction.builder();
        if (settings.managedInstances() && type == InitializationType.ON_DEMAND) {
            // one environment serving several invocations at once, on the runtime client's worker threads
            builder.maxConcurrency(settings.maxConcurrency());
        } else {
            builder.initializationType(type);
        }
        LocalFunction fn = builder
                .handler(handler)
                .functionName(function.logicalId())
                .functionVersion(version)
                .memoryMb(((Number) function.properties().get("MemorySize")).intValue())
                .timeout(Duration.ofSeconds(((Number) function.properties().get("Timeout")).longValue()))
                .region(LocalAws.REGION)
                .tracing("Active".equals(function.properties().get("Tracing")))
                .environment(aws.environment(function))
                .workDirectory(settings.workDirectory().resolve(directory))
                .build();
        if (type == InitializationType.ON_DEMAND) {
            try {
                fn.warmUp();
            } catch (RuntimeException e) {
                fn.close();
                throw e;
            }
            out.printf("  %-22s %s under the Lambda runtime interface client, %s MB, %sinit %s%n",
                    function.logicalId().replace("Function", ""), handler.substring(handler.lastIndexOf('.') + 1),
                    function.properties().get("MemorySize"), settings.managedInstances()
                            ? "up to " + settings.maxConcurrency() + " invocations at once, " : "", ms(t));
        }
        return fn;
    }

    /**
     * Runs the scenario's steps in order.
     *
     * @return what it observed
     * @throws ScenarioFailure when a step misbehaves
     */
    public Report run() throws IOException, InterruptedException {
        out.println("scenario");
        String key = UUID.randomUUID().toString();

        // 1. create an order
        JsonNode created = step("1. create an order", () -> {
            LocalApiGateway.Exchange r = post(key, ORDER);
            check(r.status() == 201, "expected 201 Created but got " + r.status() + ": " + r.body());
            JsonNode body = Json.mapper().readTree(r.body());
            String orderId = body.path("orderId").asText();
            Map<String, AttributeValue> item = order(orderId);
            check(!item.isEmpty(), "the response names order " + orderId + " but OrdersTable does not have it");
            check(item.get("status").s().equals("CREATED") && item.get("totalCents").n().equals("3750"),
                    "OrdersTable has " + item + " but it must be CREATED with totalCents 3750");
            String link = body.path("paymentUrl").asText();
            check(link.contains("signature=" + expectedSignature(link)), "the payment link " + link
                    + " is not signed with the payment API key");
            check(aws.secrets().requests().stream().anyMatch(q -> q.status() == 200),
                    "the API key was not read through the secrets extension");
            return new Outcome<>(body, "201 order " + shortId(orderId) + ", EUR 37.50, payment link signed with the key"
                    + " read through the extension");
        });

        // 2. replay it: same response, no second write
        JsonNode replayed = step("2. replay it (same key)", () -> {
            LocalApiGateway.Exchange r = post(key, ORDER);
            check(r.status() == 201, "expected the stored 201 but got " + r.status() + ": " + r.body());
            JsonNode body = Json.mapper().readTree(r.body());
            check(body.equals(created), "the replay answered " + body + " but the first request got " + created);
            check(metricTotal(List.of(r.invocation()), "OrderCreated") == 0, "the replay emitted OrderCreated: it ran again");
            return new Outcome<>(body, "201 with the identical body; the order was not written again");
        });
        int orders = aws.dynamoDb().scan(b -> b.tableName("OrdersTable").select("COUNT")).count();
        check(orders == 1, "OrdersTable has " + orders + " orders after the replay; it must have 1");

        // 3. a malformed body
        LocalApiGateway.Exchange malformed = step("3. a malformed body", () -> {
            LocalApiGateway.Exchange r = post(UUID.randomUUID().toString(), MALFORMED);
            check(r.status() == 400, "expected 400 but got " + r.status() + ": " + r.body());
            JsonNode body = Json.mapper().readTree(r.body());
            check(body.path("error").asText().equals("malformed_body"), "expected error malformed_body in " + r.body());
            return new Outcome<>(r, "400 " + body.path("message").asText());
        });

        // 4. payments: one poison message in a batch
        String orderId = created.path("orderId").asText();
        String payment = "{\"orderId\":\"" + orderId + "\",\"paymentId\":\"pay-1\",\"amountCents\":3750}";
        List<String> ids = new ArrayList<>();
        List<List<String>> poisonBatches = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        List<InvocationResult> batchInvocations = new ArrayList<>();
        step("4. payments, one poison message", () -> {
            List<SendMessageBatchRequestEntry> entries = List.of(
                    SendMessageBatchRequestEntry.builder().id("payment").messageBody(payment).build(),
                    SendMessageBatchRequestEntry.builder().id("redelivery").messageBody(payment).build(),
                    SendMessageBatchRequestEntry.builder().id("poison").messageBody(POISON).build());
            aws.sqs().sendMessageBatch(b -> b.queueUrl(paymentsQueueUrl).entries(entries)).successful()
                    .stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(e -> ids.add(e.id() + "=" + e.messageId()));
            return new Outcome<>(null, "sent pay-1 twice (a redelivery) and one message that is not JSON");
        });
        String poisonId = ids.stream().filter(i -> i.startsWith("poison=")).findFirst().orElseThrow().substring(7);
        step("   first batch", () -> {
            LocalSqsEventSource.Poll first = drainOnce(batchInvocations);
            check(first.received().size() == 3, "expected the 3 messages in one batch but received " + first.received());
            check(first.failed().equals(List.of(poisonId)), "batchItemFailures was " + first.failed()
                    + " but it must be exactly the poison message " + poisonId);
            poisonBatches.add(first.failed());
            Map<String, AttributeValue> item = order(orderId);
            check(item.get("status").s().equals("PAID") && item.get("paymentId").s().equals("pay-1"),
                    "the order must be PAID by pay-1 but is " + item);
            double paid = metricTotal(batchInvocations, "OrderPaid");
            check(paid == 1, "OrderPaid was emitted " + paid + " times for one payment delivered twice; it must be once");
            return new Outcome<>(null, "batchItemFailures = [" + shortId(poisonId) + "] alone; order " + shortId(orderId)
                    + " PAID once for the 2 copies of pay-1");
        });
        step("   redelivery", () -> {
            int receives = 1;
            for (int i = 0; i < 6; i++) {
                LocalSqsEventSource.Poll poll = drainOnce(batchInvocations);
                if (poll.empty()) {
                    break;
                }
                receives++;
                check(poll.received().equals(List.of(poisonId)) && poll.failed().equals(List.of(poisonId)),
                        "after the first batch only the poison message may come back, and fail; got " + poll);
                poisonBatches.add(poll.failed());
            }
            for (Message m : aws.sqs().receiveMessage(b -> b.queueUrl(deadLetterQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                deadLetters.add(m.messageId());
            }
            check(deadLetters.equals(List.of(poisonId)), "PaymentsDeadLetterQueue holds " + deadLetters
                    + " but it must hold exactly the poison message " + poisonId);
            String left = aws.sqs().getQueueAttributes(b -> b.queueUrl(paymentsQueueUrl)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes().values().stream().map(Integer::valueOf).reduce(0, Integer::sum).toString();
            check(left.equals("0"), "PaymentsQueue still holds " + left + " messages");
            return new Outcome<>(null, shortId(poisonId) + " failed " + receives + " receives, then moved to"
                    + " PaymentsDeadLetterQueue (retried at once here; Lambda waits for the visibility timeout)");
        });

        // 5. Managed Instances: a burst of orders, several in flight at once in one environment
        if (settings.managedInstances()) {
            List<InvocationResult> burst = burst();
            List<InvocationResult> all = List.copyOf(invocations);
            summary(all);
            conformance(all);
            out.printf("%nall steps passed in %s%n", ms(started));
            return new Report(created, replayed, orders, malformed.status(), Json.mapper().readTree(malformed.body()),
                    poisonId, poisonBatches, deadLetters, order(orderId), metricTotal(batchInvocations, "OrderPaid"),
                    null, null, burst, maxInFlight(burst), all);
        }

        // 5. SnapStart: a published version is initialised, primed, snapshotted, restored
        SnapStartResult[] snap = new SnapStartResult[1];
        InvocationResult afterRestore = step("5. SnapStart", () -> {
            try (LocalFunction version = start(CREATE_ORDER, InitializationType.SNAP_START, "1", "create-order-v1")) {
                SnapStartResult result = version.snapStart();
                snap[0] = result;
                result.error().ifPresent(e -> check(false, "the restore failed: " + e));
                List<String> primed = primingHooks(result);
                check(!primed.isEmpty(), "no priming hook ran before the checkpoint; output: " + result.checkpointOutput());
                InvocationResult first = version.invoke(Events.apiGatewayRest().method("POST").path("/orders").stage("Prod")
                        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                        .body(ORDER).build());
                invocations.add(first);
                JsonNode response = first.responseJson();
                check(response.path("statusCode").asInt() == 201, "the first request after the restore got " + response);
                check(first.logLines().stream().noneMatch(l -> l.path("cold_start").asBoolean(false)),
                        "a log line of the first invocation after a restore says cold_start=true");
                check(metricTotal(List.of(first), "ColdStart") == 0, "a ColdStart metric was emitted after a SnapStart"
                        + " restore, which is not a cold start");
                return new Outcome<>(first, "checkpoint after priming (" + String.join("; ", primed) + ")\n"
                        + " ".repeat(37) + "restored in " + result.restoreDuration().toMillis() + " ms; the first request:"
                        + " 201, cold_start=false, no ColdStart metric");
            }
        });

        List<InvocationResult> all = List.copyOf(invocations);
        summary(all);
        conformance(all);
        out.printf("%nall steps passed in %s%n", ms(started));
        return new Report(created, replayed, orders, malformed.status(), Json.mapper().readTree(malformed.body()),
                poisonId, poisonBatches, deadLetters, order(orderId), metricTotal(batchInvocations, "OrderPaid"),
                snap[0], afterRestore, List.of(), 0, all);
    }

    /**
     * Step 5 on Managed Instances: twice as many orders as one environment serves at once, sent together
     * ({@link LocalFunction#invokeAll}): the first n run at the same time, the rest queue for a free worker. Each
     * must get its own 201 and order, and its own log lines, metric and segments (no output of one order in
     * another's invocation).
     */
    private List<InvocationResult> burst() {
        int n = settings.maxConcurrency();
        int count = 2 * n;
        return step("5. " + count + " orders at once", () -> {
            List<Object> requests = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                requests.add(Events.apiGatewayRest().method("POST").path("/orders").stage("Prod")
                        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                        .body(ORDER.replace("\"c-42\"", "\"" + burstCustomer(i) + "\"")).build());
            }
            long t = System.nanoTime();
            List<InvocationResult> results = createOrder.invokeAll(requests);
            long wallMs = (System.nanoTime() - t) / 1_000_000;
            invocations.addAll(results);
            List<String> orderIds = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                InvocationResult r = results.get(i - 1);
                JsonNode response = r.responseJson();
                check(response.path("statusCode").asInt() == 201, "burst order " + i + " got " + response);
                String orderId = Json.mapper().readTree(response.path("body").asText()).path("orderId").asText();
                orderIds.add(orderId);
                String customer = burstCustomer(i);
                check(r.logLines().stream().anyMatch(l -> l.path("message").asText().startsWith("created order " + orderId
                        + " for customer " + customer + ":")), "burst order " + i + " (" + customer + ", " + orderId
                        + ") has no 'created order' line of its own; its lines: " + r.logLines());
                check(r.logLines().stream().noneMatch(l -> l.path("message").asText().startsWith("created order ")
                        && !l.path("message").asText().startsWith("created order " + orderId + " ")),
                        "burst order " + i + "'s invocation holds another order's line: " + r.logLines());
                check(metricTotal(List.of(r), "OrderCreated") == 1, "burst order " + i + " counted OrderCreated "
                        + metricTotal(List.of(r), "OrderCreated") + " times in its own EMF; it must be once");
                check(order(orderId).get("customerId").s().equals(customer), "OrdersTable's order " + orderId
                        + " is not " + customer + "'s: " + order(orderId));
            }
            check(orderIds.stream().distinct().count() == count, "the burst created " + orderIds.stream().distinct().count()
                    + " distinct orders for " + count + " requests");
            int inFlight = maxInFlight(results);
            long environments = results.stream().map(InvocationResult::environmentId).distinct().count();
            check(inFlight > 1, "the " + count + " orders never overlapped: the handler segments show one at a time, so"
                    + " the function did not serve several invocations at once");
            double handlerSeconds = 0;
            for (InvocationResult r : results) {
                for (JsonNode segment : r.segments()) {
                    if (segment.path("name").asText().equals("## handleRequest")) {
                        handlerSeconds += segment.path("end_time").asDouble() - segment.path("start_time").asDouble();
                    }
                }
            }
            return new Outcome<>(results, count + " x 201, each with its own order, log lines, OrderCreated and segments\n"
                    + " ".repeat(37) + "in flight at once: up to " + inFlight + " of " + n + " (X-Ray handler segments), in "
                    + environments + " execution environment" + (environments == 1 ? "" : "s") + "; "
                    + millis(Math.round(handlerSeconds * 1000)) + " of handler time in " + millis(wallMs));
        });
    }

    private static String burstCustomer(int i) {
        return "c-burst-" + i;
    }

    /**
     * @param results invocations
     * @return the most of them whose {@code ## handleRequest} segment was open at the same moment
     */
    public static int maxInFlight(List<InvocationResult> results) {
        List<double[]> edges = new ArrayList<>();
        for (InvocationResult r : results) {
            for (JsonNode segment : r.segments()) {
                if (segment.path("name").asText().equals("## handleRequest")) {
                    edges.add(new double[] {segment.path("start_time").asDouble(), 1});
                    edges.add(new double[] {segment.path("end_time").asDouble(), -1});
                }
            }
        }
        // at the same instant an end counts before a start: spans that only touch did not overlap
        edges.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int open = 0;
        int max = 0;
        for (double[] edge : edges) {
            open += (int) edge[1];
            max = Math.max(max, open);
        }
        return max;
    }

    /**
     * Keeps the API and the payments queue's event source running until the process is stopped.
     *
     * @throws InterruptedException when interrupted
     */
    public void serve() throws InterruptedException {
        String base = "http://127.0.0.1:" + api.port();
        out.println();
        out.println("serving until Ctrl-C. Try:");
        out.println("  curl -s -X POST " + base + "/orders -H 'Content-Type: application/json' \\");
        out.println("       -H \"Idempotency-Key: $(date +%s%N)\" -d '" + ORDER + "'");
        out.println("  curl -s -X POST " + base + "/payments -d '{\"orderId\":\"<orderId>\",\"paymentId\":\"pay-2\","
                + "\"amountCents\":3750}'   # local only: a payment confirmation onto PaymentsQueue");
        while (!Thread.currentThread().isInterrupted()) {
            LocalSqsEventSource.Poll poll = payments.pollOnce();
            if (!poll.empty()) {
                invocations.add(poll.invocation());
                out.printf("  ProcessOrders: %d message(s), batchItemFailures %s%n", poll.received().size(), poll.failed());
            }
            for (LocalApiGateway.Exchange e : api.exchanges()) {
                if (e.invocation() != null && !invocations.contains(e.invocation())) {
                    invocations.add(e.invocation());
                    out.printf("  CreateOrder: %d %s%n", e.status(), e.body());
                }
            }
        }
    }

    /** The local-only {@code /payments} route: POST puts the body on PaymentsQueue, as the payment provider would. */
    private LocalApiGateway.Response enqueuePayment(LocalApiGateway.Request request) {
        if (!request.method().equals("POST")) {
            return new LocalApiGateway.Response(405, Map.of(), "{\"message\":\"use POST\"}");
        }
        aws.sqs().sendMessage(b -> b.queueUrl(paymentsQueueUrl).messageBody(request.body()));
        return new LocalApiGateway.Response(202, Map.of(), "{\"message\":\"queued\"}");
    }

    private LocalSqsEventSource.Poll drainOnce(List<InvocationResult> into) {
        LocalSqsEventSource.Poll poll = payments.pollOnce();
        if (!poll.empty()) {
            invocations.add(poll.invocation());
            into.add(poll.invocation());
            poll.invocation().error().ifPresent(e -> check(false, "ProcessOrders failed as a whole: " + e
                    + "; one bad message must fail alone"));
        }
        return poll;
    }

    private LocalApiGateway.Exchange post(String idempotencyKey, String body) throws IOException, InterruptedException {
        int before = api.exchanges().size();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/orders"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        LocalApiGateway.Exchange exchange = api.exchanges().get(before);
        check(exchange.status() == response.statusCode(), "the front recorded " + exchange.status() + " but answered "
                + response.statusCode());
        if (exchange.invocation() != null) {
            invocations.add(exchange.invocation());
        }
        return exchange;
    }

    private Map<String, AttributeValue> order(String orderId) {
        return aws.dynamoDb().getItem(b -> b.tableName("OrdersTable").consistentRead(true)
                .key(Map.of("orderId", AttributeValue.fromS(orderId)))).item();
    }

    private String expectedSignature(String link) {
        String query = link.substring(link.indexOf('?') + 1, link.indexOf("&signature="));
        String key = aws.secrets().value(aws.environment(template.functionWithHandler(CREATE_ORDER))
                .get("PAYMENT_API_KEY_SECRET_ID"));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(query.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void summary(List<InvocationResult> all) {
        Map<String, Long> byFunction = all.stream().collect(Collectors.groupingBy(
                r -> r.logLines().stream().map(l -> l.path("function_name").asText("")).filter(s -> !s.isEmpty())
                        .findFirst().orElse("?"), TreeMap::new, Collectors.counting()));
        Map<String, Long> levels = all.stream().flatMap(r -> r.logLines().stream())
                .collect(Collectors.groupingBy(l -> l.path("level").asText("?"), TreeMap::new, Collectors.counting()));
        long lines = levels.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> metrics = new TreeMap<>();
        long blobs = 0;
        for (InvocationResult r : all) {
            for (JsonNode blob : r.emfBlobs()) {
                blobs++;
                for (JsonNode directive : blob.path("_aws").path("CloudWatchMetrics")) {
                    for (JsonNode metric : directive.path("Metrics")) {
                        String name = metric.path("Name").asText();
                        metrics.merge(name, sum(blob.path(name)), Double::sum);
                    }
                }
            }
        }
        Map<String, Long> segments = new TreeMap<>();
        long documents = 0;
        for (InvocationResult r : all) {
            for (JsonNode segment : r.segments()) {
                documents++;
                countSegments(segment, segments);
            }
        }
        out.println();
        out.println("what the functions emitted (" + all.size() + " invocations: " + byFunction.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")");
        out.printf("  %-12s %d JSON lines: %s%n", "logs", lines, levels.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        out.printf("  %-12s %d EMF blobs, namespace %s: %s%n", "metrics", blobs, namespace(all), metrics.entrySet().stream()
                .map(e -> e.getKey() + " " + format(e.getValue())).collect(Collectors.joining(", ")));
        out.printf("  %-12s %d segment documents: %s%n", "X-Ray", documents, segments.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", ")));
    }

    /**
     * Every EMF line, log line and X-Ray datagram the functions emitted, checked against the published rules
     * (EMF and X-Ray schemas, CloudWatch's limits, the documented log keys) by lambdakit-testing's Conformance.
     */
    private void conformance(List<InvocationResult> all) {
        List<String> violations = new ArrayList<>();
        int lines = 0;
        int datagrams = 0;
        for (InvocationResult r : all) {
            lines += r.logLines().size() + r.emfBlobs().size();
            datagrams += r.xrayDatagrams().size();
            for (String v : Conformance.violations(r)) {
                violations.add(r.requestId() + " " + v);
            }
        }
        out.printf("  %-12s %s%n", "conformance", violations.isEmpty()
                ? lines + " JSON lines and " + datagrams + " X-Ray datagrams follow the EMF and X-Ray schemas, CloudWatch's"
                + " limits and the documented log keys"
                : violations.size() + " violations of the published rules");
        check(violations.isEmpty(), "the functions' output breaks the published rules:\n  " + String.join("\n  ", violations));
    }

    private static String namespace(List<InvocationResult> all) {
        return all.stream().flatMap(r -> r.emfBlobs().stream())
                .map(b -> b.path("_aws").path("CloudWatchMetrics").path(0).path("Namespace").asText())
                .filter(s -> !s.isEmpty()).findFirst().orElse("?");
    }

    private static void countSegments(JsonNode segment, Map<String, Long> into) {
        into.merge(segment.path("name").asText("?"), 1L, Long::sum);
        for (JsonNode child : segment.path("subsegments")) {
            countSegments(child, into);
        }
    }

    /**
     * @param results invocations
     * @param metric  a metric name
     * @return the sum of its values over the invocations' EMF blobs
     */
    public static double metricTotal(List<InvocationResult> results, String metric) {
        double total = 0;
        for (InvocationResult r : results) {
            for (JsonNode blob : r.emfBlobs()) {
                boolean declared = false;
                for (JsonNode directive : blob.path("_aws").path("CloudWatchMetrics")) {
                    for (JsonNode m : directive.path("Metrics")) {
                        declared |= m.path("Name").asText().equals(metric);
                    }
                }
                if (declared) {
                    total += sum(blob.path(metric));
                }
            }
        }
        return total;
    }

    private static double sum(JsonNode value) {
        if (value.isArray()) {
            double s = 0;
            for (JsonNode v : value) {
                s += v.asDouble();
            }
            return s;
        }
        return value.asDouble();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> event(String handler, String type) {
        return template.functionWithHandler(handler).events().values().stream()
                .filter(e -> type.equals(e.get("Type"))).map(e -> (Map<String, Object>) e.get("Properties"))
                .findFirst().orElseThrow(() -> new IllegalStateException(handler + " has no " + type + " event in template.yaml"));
    }

    @SuppressWarnings("unchecked")
    private Object maxReceiveCount() {
        Map<String, Object> properties = (Map<String, Object>) template.resources().get("PaymentsQueue").get("Properties");
        return ((Map<String, Object>) properties.get("RedrivePolicy")).get("maxReceiveCount");
    }

    private record Outcome<T>(T value, String detail) {
    }

    private <T> T step(String title, Callable<Outcome<T>> body) {
        long t = System.nanoTime();
        out.printf("  %-34s ", title);
        out.flush();
        try {
            Outcome<T> outcome = body.call();
            out.println(outcome.detail() + "  (" + ms(t) + ")");
            return outcome.value();
        } catch (ScenarioFailure e) {
            out.println("FAILED");
            out.println("    " + e.getMessage());
            printProblems();
            throw e;
        } catch (Exception e) {
            out.println("FAILED");
            out.println("    " + e);
            throw new ScenarioFailure(title.trim() + " failed: " + e);
        }
    }

    /** What the last invocation logged at WARN or ERROR: usually why a step failed. */
    private void printProblems() {
        if (invocations.isEmpty()) {
            return;
        }
        InvocationResult last = invocations.get(invocations.size() - 1);
        last.error().ifPresent(e -> out.println("    the invocation failed: " + e));
        last.logLines().stream().filter(l -> l.path("level").asText().matches("WARN|ERROR")).forEach(l -> out.println(
                "    " + l.path("level").asText() + " " + l.path("message").asText() + (l.has("error")
                        ? ": " + l.path("error").path("name").asText() + ": " + l.path("error").path("message").asText() : "")));
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new ScenarioFailure(problem);
        }
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static String hostPort(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    private static String ms(long startNanos) {
        return millis((System.nanoTime() - startNanos) / 1_000_000);
    }

    private static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** @return every invocation so far */
    public List<InvocationResult> invocations() {
        return List.copyOf(invocations);
    }

    /** @return the local API's port */
    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() {
        Map<String, AutoCloseable> closing = new LinkedHashMap<>();
        closing.put("api", api);
        closing.put("CreateOrder", createOrder);
        closing.put("ProcessOrders", processOrders);
        closing.put("local AWS", aws);
        closing.forEach((name, c) -> {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                out.println("  (closing " + name + " failed: " + e + ")");
            }
        });
    }

    /**
     * The sample's own before-checkpoint hooks, from lambdakit's lifecycle report line, e.g.
     * {@code orders: prime CreateOrder 41 ms}.
     */
    static List<String> primingHooks(SnapStartResult result) {
        List<String> hooks = new ArrayList<>();
        for (JsonNode line : result.checkpointLogLines()) {
            if (line.path("phase").asText().equals("before-checkpoint")) {
                for (JsonNode hook : line.path("hooks")) {
                    String name = hook.path("name").asText();
                    if (name.startsWith("orders: ")) {
                        hooks.add(name + " " + Math.round(hook.path("tookMs").asDouble()) + " ms");
                    }
                }
            }
        }
        return hooks;
    }
}
