package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Installation;
import io.lambdakit.core.Json;
import io.lambdakit.examples.orders.local.AwsCallRecorder;
import io.lambdakit.examples.orders.local.LocalAws;
import io.lambdakit.examples.orders.local.OrdersScenario;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.testing.SamTemplate;
import io.lambdakit.testing.TestContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * CreateOrder, woven, called in this JVM against DynamoDB Local and the secrets extension stand-in,
 * configured with template.yaml's environment: every answer it can give.
 */
class CreateOrderIT {

    private static SamTemplate template;
    private static LocalAws aws;

    private final AwsCallRecorder recorder = new AwsCallRecorder("dynamodb");
    private final ByteArrayOutputStream emf = new ByteArrayOutputStream();
    private DynamoDbClient client;
    private CreateOrder handler;

    @BeforeAll
    static void startLocalAws() throws Exception {
        template = SamTemplate.read(Path.of(System.getProperty("orders.template")));
        aws = LocalAws.start(template);
    }

    @AfterAll
    static void stopLocalAws() {
        aws.close();
    }

    private Installation metricsInstalled;

    @BeforeEach
    void createHandler() {
        ExecutionEnvironment lambda = ExecutionEnvironment.builder().environment(Environment.of(
                aws.lambdaEnvironment(template.functionWithHandler(OrdersScenario.CREATE_ORDER)))).build();
        metricsInstalled = Metrics.install(Metrics.builder().executionEnvironment(lambda)
                .output(new PrintStream(emf, true, StandardCharsets.UTF_8)).build());
        client = aws.dynamoDbClient(recorder);
        handler = new CreateOrder(lambda, client, null);
    }

    @AfterEach
    void cleanUp() {
        metricsInstalled.close();
        client.close();
    }

    @Test
    void post_validOrder_storesItAndAnswers201WithASignedPaymentLink() throws Exception {
        APIGatewayProxyResponseEvent response = handler.handleRequest(post(UUID.randomUUID().toString(), OrdersScenario.ORDER), context());

        assertThat(response.getStatusCode()).isEqualTo(201);
        JsonNode body = Json.mapper().readTree(response.getBody());
        String orderId = body.path("orderId").asText();
        assertThat(response.getHeaders()).containsEntry("Location", "/orders/" + orderId)
                .containsEntry("Content-Type", "application/json");
        assertThat(body.path("status").asText()).isEqualTo("CREATED");
        assertThat(body.path("totalCents").asLong()).isEqualTo(3750);
        String query = "order=" + orderId + "&amount=3750&currency=EUR";
        String key = aws.secrets().value(aws.environment(template.functionWithHandler(OrdersScenario.CREATE_ORDER))
                .get(OrdersSettings.PAYMENT_API_KEY_SECRET_ID));
        assertThat(body.path("paymentUrl").asText())
                .isEqualTo("https://pay.example.com/checkout?" + query + "&signature=" + PaymentLinks.sign(key, query))
                .doesNotContain(key);
        Map<String, AttributeValue> item = order(orderId);
        assertThat(item.get("status").s()).isEqualTo("CREATED");
        assertThat(item.get("customerId").s()).isEqualTo("c-42");
        assertThat(item.get("items").l()).hasSize(2);
        assertThat(emf.toString(StandardCharsets.UTF_8)).contains("\"OrderCreated\"");
    }

    @Test
    void post_sameKeyTwice_replaysTheFirstAnswerWithoutASecondWrite() {
        String key = UUID.randomUUID().toString();

        APIGatewayProxyResponseEvent first = handler.handleRequest(post(key, OrdersScenario.ORDER), context());
        APIGatewayProxyResponseEvent second = handler.handleRequest(post(key, OrdersScenario.ORDER), context());

        assertThat(first.getStatusCode()).isEqualTo(201);
        assertThat(second.getStatusCode()).isEqualTo(201);
        assertThat(second.getBody()).isEqualTo(first.getBody());
        assertThat(recorder.calls()).filteredOn(c -> c.resource().equals("OrdersTable")).hasSize(1);
    }

    @Test
    void post_noKeyButIdenticalBodies_isOneOrder() {
        String body = OrdersScenario.ORDER.replace("c-42", "c-" + UUID.randomUUID());

        APIGatewayProxyResponseEvent first = handler.handleRequest(post(null, body), context());
        APIGatewayProxyResponseEvent second = handler.handleRequest(post(null, body), context());

        assertThat(second.getBody()).isEqualTo(first.getBody());
        assertThat(recorder.calls()).filteredOn(c -> c.resource().equals("OrdersTable")).hasSize(1);
    }

    @Test
    void post_sameKeyWhileTheFirstStillRuns_answers409ThenTheFirstResult() throws Exception {
        String key = UUID.randomUUID().toString();
        recorder.holdWhen(c -> c.action().equals("dynamodb:PutItem") && c.resource().equals("OrdersTable"));
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<APIGatewayProxyResponseEvent> running = first.submit(() -> handler.handleRequest(post(key, OrdersScenario.ORDER), context()));
            assertThat(recorder.awaitHeld()).isTrue();

            APIGatewayProxyResponseEvent concurrent = handler.handleRequest(post(key, OrdersScenario.ORDER), context());
            recorder.release();
            APIGatewayProxyResponseEvent original = running.get(30, TimeUnit.SECONDS);
            APIGatewayProxyResponseEvent later = handler.handleRequest(post(key, OrdersScenario.ORDER), context());

            assertThat(concurrent.getStatusCode()).isEqualTo(409);
            assertThat(concurrent.getHeaders()).containsEntry("Retry-After", "1");
            assertThat(Json.mapper().readTree(concurrent.getBody()).path("error").asText()).isEqualTo("request_in_progress");
            assertThat(original.getStatusCode()).isEqualTo(201);
            assertThat(later.getBody()).isEqualTo(original.getBody());
        } finally {
            recorder.release();
            first.shutdownNow();
        }
    }

    @Test
    void post_sameKeyWithAnotherOrder_answers422AndWritesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        handler.handleRequest(post(key, OrdersScenario.ORDER), context());
        recorder.clear();

        APIGatewayProxyResponseEvent reused = handler.handleRequest(post(key, OrdersScenario.ORDER.replace("\"quantity\":2", "\"quantity\":3")), context());

        assertThat(reused.getStatusCode()).isEqualTo(422);
        assertThat(Json.mapper().readTree(reused.getBody()).path("error").asText()).isEqualTo("idempotency_key_reused");
        assertThat(recorder.calls()).noneMatch(c -> c.resource().equals("OrdersTable"));
    }

    @Test
    void post_malformedBody_answers400AndTouchesNoTable() throws Exception {
        APIGatewayProxyResponseEvent response = handler.handleRequest(post(UUID.randomUUID().toString(), OrdersScenario.MALFORMED), context());

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode body = Json.mapper().readTree(response.getBody());
        assertThat(body.path("error").asText()).isEqualTo("malformed_body");
        assertThat(body.path("message").asText()).startsWith("the body is not valid JSON");
        // no item is read or written; the idempotency store's table check (DescribeTable, DescribeTimeToLive), started
        // on its own thread when the handler was built, may land in any test's window and reads no item
        assertThat(recorder.calls()).filteredOn(c -> !c.action().startsWith("dynamodb:Describe")).isEmpty();
    }

    @Test
    void post_invalidOrder_answers400ListingEveryProblem() throws Exception {
        APIGatewayProxyResponseEvent response = handler.handleRequest(post(null,
                "{\"customerId\":\"c\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"\",\"quantity\":0,\"unitPriceCents\":1}]}"), context());

        JsonNode body = Json.mapper().readTree(response.getBody());
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(body.path("error").asText()).isEqualTo("invalid_order");
        assertThat(body.path("problems")).hasSize(2);
    }

    @Test
    void post_invalidIdempotencyKey_answers400() throws Exception {
        APIGatewayProxyResponseEvent response = handler.handleRequest(post("has spaces in it", OrdersScenario.ORDER), context());

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(response.getBody()).path("error").asText()).isEqualTo("invalid_idempotency_key");
    }

    @Test
    void post_whenTheWriteFails_answers500AndTheSameKeySucceedsOnRetry() throws Exception {
        String key = UUID.randomUUID().toString();
        recorder.failWhen(c -> c.action().equals("dynamodb:PutItem") && c.resource().equals("OrdersTable"));

        APIGatewayProxyResponseEvent failed = handler.handleRequest(post(key, OrdersScenario.ORDER), context());
        recorder.failWhen(c -> false);
        APIGatewayProxyResponseEvent retried = handler.handleRequest(post(key, OrdersScenario.ORDER), context());

        assertThat(failed.getStatusCode()).isEqualTo(500);
        assertThat(Json.mapper().readTree(failed.getBody()).path("error").asText()).isEqualTo("internal_error");
        assertThat(retried.getStatusCode()).isEqualTo(201);
        assertThat(recorder.calls()).contains(new AwsCallRecorder.Call("dynamodb:DeleteItem", "IdempotencyTable"));
    }

    static APIGatewayProxyRequestEvent post(String idempotencyKey, String body) {
        Map<String, String> headers = idempotencyKey == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "idempotency-key", idempotencyKey);
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPath("/orders")
                .withResource("/orders")
                .withHeaders(headers)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString()).withStage("Prod"))
                .withBody(body);
    }

    static Context context() {
        return TestContext.builder().functionName("CreateOrderFunction").build();
    }

    private Map<String, AttributeValue> order(String orderId) {
        return aws.dynamoDb().getItem(b -> b.tableName("OrdersTable").key(Map.of("orderId", AttributeValue.fromS(orderId))))
                .item();
    }
}
