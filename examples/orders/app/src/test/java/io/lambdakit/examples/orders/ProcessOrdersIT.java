package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.examples.orders.local.AwsCallRecorder;
import io.lambdakit.examples.orders.local.LocalAws;
import io.lambdakit.examples.orders.local.OrdersScenario;
import io.lambdakit.testing.SamTemplate;
import io.lambdakit.testing.TestContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * ProcessOrders called in this JVM against DynamoDB Local with template.yaml's environment: each
 * message succeeds or fails alone, and a payment is applied once however often it is delivered.
 */
class ProcessOrdersIT {

    private static SamTemplate template;
    private static LocalAws aws;

    private final AwsCallRecorder recorder = new AwsCallRecorder("dynamodb");
    private DynamoDbClient client;
    private ProcessOrders handler;

    @BeforeAll
    static void startLocalAws() throws Exception {
        template = SamTemplate.read(Path.of(System.getProperty("orders.template")));
        aws = LocalAws.start(template);
    }

    @AfterAll
    static void stopLocalAws() {
        aws.close();
    }

    @BeforeEach
    void createHandler() {
        ExecutionEnvironment lambda = ExecutionEnvironment.builder().environment(Environment.of(
                aws.lambdaEnvironment(template.functionWithHandler(OrdersScenario.PROCESS_ORDERS)))).build();
        client = aws.dynamoDbClient(recorder);
        handler = new ProcessOrders(lambda, client);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void batch_withBadMessages_reportsExactlyThoseAndPaysTheGoodOnes() {
        String paid = newOrder(3750);
        String other = newOrder(1000);
        SQSEvent event = event(
                payment(paid, "pay-" + UUID.randomUUID(), 3750),
                OrdersScenario.POISON,
                payment("no-such-order", "pay-" + UUID.randomUUID(), 3750),
                payment(other, "pay-" + UUID.randomUUID(), 999),
                "{\"orderId\":\"" + other + "\",\"amountCents\":1000}");

        SQSBatchResponse response = handler.handleRequest(event, TestContext.create());

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-1", "m-2", "m-3", "m-4");
        assertThat(order(paid).get("status").s()).isEqualTo("PAID");
        assertThat(order(other).get("status").s()).isEqualTo("CREATED");
    }

    @Test
    void batch_samePaymentDeliveredTwice_isAppliedOnceAndBothSucceed() {
        String orderId = newOrder(3750);
        String payment = payment(orderId, "pay-" + UUID.randomUUID(), 3750);

        SQSBatchResponse first = handler.handleRequest(event(payment, payment), TestContext.create());
        SQSBatchResponse redelivered = handler.handleRequest(event(payment), TestContext.create());

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        assertThat(recorder.calls()).filteredOn(c -> c.resource().equals("OrdersTable")).hasSize(1);
        assertThat(order(orderId).get("paymentId").s()).startsWith("pay-");
    }

    @Test
    void batch_secondPaymentForAPaidOrder_failsAndKeepsTheFirst() {
        String orderId = newOrder(3750);
        String first = "pay-" + UUID.randomUUID();
        handler.handleRequest(event(payment(orderId, first, 3750)), TestContext.create());

        SQSBatchResponse second = handler.handleRequest(event(payment(orderId, "pay-" + UUID.randomUUID(), 3750)),
                TestContext.create());

        assertThat(second.getBatchItemFailures()).hasSize(1);
        assertThat(order(orderId).get("paymentId").s()).isEqualTo(first);
    }

    @Test
    void batch_failedPayment_releasesItsKeySoARetryCanSucceed() {
        String orderId = UUID.randomUUID().toString();
        String payment = payment(orderId, "pay-" + UUID.randomUUID(), 3750);
        SQSBatchResponse beforeTheOrderExists = handler.handleRequest(event(payment), TestContext.create());
        putOrder(orderId, 3750);

        SQSBatchResponse retried = handler.handleRequest(event(payment), TestContext.create());

        assertThat(beforeTheOrderExists.getBatchItemFailures()).hasSize(1);
        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(order(orderId).get("status").s()).isEqualTo("PAID");
    }

    private static SQSEvent event(String... bodies) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("m-" + i);
            m.setBody(bodies[i]);
            m.setEventSource("aws:sqs");
            m.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:PaymentsQueue");
            m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            messages.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    private static String payment(String orderId, String paymentId, long amountCents) {
        return "{\"orderId\":\"" + orderId + "\",\"paymentId\":\"" + paymentId + "\",\"amountCents\":" + amountCents + "}";
    }

    private static String newOrder(long totalCents) {
        String orderId = UUID.randomUUID().toString();
        putOrder(orderId, totalCents);
        return orderId;
    }

    private static void putOrder(String orderId, long totalCents) {
        aws.dynamoDb().putItem(b -> b.tableName("OrdersTable").item(Map.of(
                "orderId", AttributeValue.fromS(orderId),
                "status", AttributeValue.fromS("CREATED"),
                "totalCents", AttributeValue.fromN(Long.toString(totalCents)))));
    }

    private static Map<String, AttributeValue> order(String orderId) {
        return aws.dynamoDb().getItem(b -> b.tableName("OrdersTable").consistentRead(true)
                .key(Map.of("orderId", AttributeValue.fromS(orderId)))).item();
    }
}
