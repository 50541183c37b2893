package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.tracing.TracingFixture.Facade;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lambdakit.tracing.TracingFixture.invocation;
import static io.lambdakit.tracing.TracingFixture.notSampled;
import static io.lambdakit.tracing.TracingFixture.sampled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AWS SDK v2 calls through {@link TracingInterceptor}: real DynamoDB Local over HTTP for calls and
 * service errors; a small HTTP server speaking DynamoDB's protocol only for throttling and 5xx,
 * which DynamoDB Local cannot produce on demand.
 */
class AwsSdkTracingIT {

    private static DynamoDbLocal dynamo;
    private static TracingFixture fx;
    private static Tracer tracer;
    private static DynamoDbClient ddb;
    private static final List<String> SENT_TRACE_HEADERS = new CopyOnWriteArrayList<>();

    /** Sits after the tracing interceptor and sees the HTTP request as it goes out. */
    static final class HeaderCapture implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
            SENT_TRACE_HEADERS.add(context.httpRequest().firstMatchingHeader("X-Amzn-Trace-Id").orElse("<none>"));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        dynamo = DynamoDbLocal.start();
        fx = new TracingFixture();
        tracer = fx.tracer();
        ddb = client(dynamo.endpoint());
        ddb.createTable(b -> b.tableName("orders")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .addExecutionInterceptor(new TracingInterceptor(tracer))
                        .addExecutionInterceptor(new HeaderCapture()))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        ddb.close();
        tracer.close();
        fx.close();
        dynamo.close();
    }

    @BeforeEach
    void clear() {
        SENT_TRACE_HEADERS.clear();
    }

    @Test
    void sdkCalls_inASampledInvocation_areAwsSubsegmentsOfTheCurrentSubsegment() {
        Facade facade = sampled();

        tracer.execute(invocation(facade), () -> tracer.trace("save", () -> {
            ddb.putItem(b -> b.tableName("orders").item(Map.of("id", AttributeValue.fromS("o-1"), "total", AttributeValue.fromN("12"))));
            return ddb.getItem(b -> b.tableName("orders").key(Map.of("id", AttributeValue.fromS("o-1")))).item().get("total").n();
        }));

        JsonNode save = fx.daemon.takeOne().path("subsegments").get(0);
        JsonNode calls = save.path("subsegments");
        assertThat(calls).extracting(c -> c.path("aws").path("operation").asText()).containsExactly("PutItem", "GetItem");
        for (JsonNode call : calls) {
            assertThat(call.path("name").asText()).isEqualTo("DynamoDB");
            assertThat(call.path("namespace").asText()).isEqualTo("aws");
            assertThat(call.path("aws").path("table_name").asText()).isEqualTo("orders");
            assertThat(call.path("aws").path("region").asText()).isEqualTo("eu-west-1");
            assertThat(call.path("aws").path("request_id").asText()).isNotBlank();
            assertThat(call.path("aws").path("retries").asInt()).isZero();
            assertThat(call.path("http").path("response").path("status").asInt()).isEqualTo(200);
            assertThat(call.path("http").path("response").path("content_length").asLong()).isPositive();
            assertThat(call.has("error") || call.has("fault") || call.has("throttle")).isFalse();
            assertThat(call.path("start_time").asDouble()).isBetween(save.path("start_time").asDouble(), save.path("end_time").asDouble());
        }
    }

    @Test
    void traceHeader_goesOutWithTheCall_naming_theSdkSubsegmentAsParent() {
        Facade facade = sampled();

        tracer.execute(invocation(facade), () -> ddb.describeTable(b -> b.tableName("orders")));

        JsonNode call = fx.daemon.takeOne().path("subsegments").get(0);
        assertThat(SENT_TRACE_HEADERS).containsExactly("Root=" + facade.traceId() + ";Parent=" + call.path("id").asText() + ";Sampled=1");
    }

    @Test
    void unsampledInvocation_propagatesSampledZero_andSendsNothing() {
        Facade unsampled = notSampled();
        Facade marker = sampled();

        tracer.execute(invocation(unsampled), () -> ddb.describeTable(b -> b.tableName("orders")));
        ddb.describeTable(b -> b.tableName("orders"));
        tracer.execute(invocation(marker), () -> "marker");

        assertThat(SENT_TRACE_HEADERS).containsExactly(unsampled.header(), "<none>");
        assertThat(fx.daemon.takeOne().path("trace_id").asText()).isEqualTo(marker.traceId());
    }

    @Test
    void serviceError_isAnErrorWithARemoteCause_andTheExceptionReachesTheCaller() {
        tracer.execute(invocation(sampled()), () -> {
            assertThatThrownBy(() -> ddb.getItem(b -> b.tableName("missing").key(Map.of("id", AttributeValue.fromS("x")))))
                    .isInstanceOf(ResourceNotFoundException.class);
            return "handled";
        });

        JsonNode handler = fx.daemon.takeOne();
        JsonNode call = handler.path("subsegments").get(0);
        assertThat(call.path("error").asBoolean()).isTrue();
        assertThat(call.has("fault")).isFalse();
        assertThat(call.path("aws").path("table_name").asText()).isEqualTo("missing");
        assertThat(call.path("http").path("response").path("status").asInt()).isEqualTo(400);
        JsonNode exception = call.path("cause").path("exceptions").get(0);
        assertThat(exception.path("type").asText()).isEqualTo(ResourceNotFoundException.class.getName());
        assertThat(exception.path("remote").asBoolean()).isTrue();
        assertThat(handler.has("fault")).as("the handler caught it").isFalse();
    }

    @Test
    void conditionalCheckFailed_isRecordedWithItsCauseButNeitherErrorNorFault() {
        tracer.execute(invocation(sampled()), () -> {
            ddb.putItem(b -> b.tableName("orders").item(Map.of("id", AttributeValue.fromS("claim-1"))).conditionExpression("attribute_not_exists(id)"));
            assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("orders").item(Map.of("id", AttributeValue.fromS("claim-1")))
                    .conditionExpression("attribute_not_exists(id)")))
                    .isInstanceOf(ConditionalCheckFailedException.class);
            return "duplicate";
        });

        JsonNode handler = fx.daemon.takeOne();
        JsonNode duplicate = handler.path("subsegments").get(1);
        assertThat(duplicate.path("aws").path("operation").asText()).isEqualTo("PutItem");
        assertThat(duplicate.has("error")).isFalse();
        assertThat(duplicate.has("fault")).isFalse();
        assertThat(duplicate.has("throttle")).isFalse();
        assertThat(duplicate.path("http").path("response").path("status").asInt()).isEqualTo(400);
        assertThat(duplicate.path("aws").path("request_id").asText()).isNotBlank();
        JsonNode exception = duplicate.path("cause").path("exceptions").get(0);
        assertThat(exception.path("type").asText()).isEqualTo(ConditionalCheckFailedException.class.getName());
        assertThat(exception.path("message").asText()).contains("conditional request failed");
        assertThat(exception.path("remote").asBoolean()).isTrue();
        assertThat(handler.has("error") || handler.has("fault")).isFalse();
    }

    @Test
    void transactionCanceledOnlyByConditions_isRecordedWithItsCauseButNeitherErrorNorFault() {
        ddb.putItem(b -> b.tableName("orders").item(Map.of("id", AttributeValue.fromS("tx-1"))));

        tracer.execute(invocation(sampled()), () -> {
            assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName("orders").item(Map.of("id", AttributeValue.fromS("tx-1")))
                            .conditionExpression("attribute_not_exists(id)")).build(),
                    TransactWriteItem.builder().put(p -> p.tableName("orders").item(Map.of("id", AttributeValue.fromS("tx-2")))).build())))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                            .extracting(CancellationReason::code).containsExactly("ConditionalCheckFailed", "None"));
            return "lost the race";
        });

        JsonNode call = fx.daemon.takeOne().path("subsegments").get(0);
        assertThat(call.path("aws").path("operation").asText()).isEqualTo("TransactWriteItems");
        assertThat(call.has("error") || call.has("fault") || call.has("throttle")).isFalse();
        assertThat(call.path("http").path("response").path("status").asInt()).isEqualTo(400);
        assertThat(call.path("cause").path("exceptions").get(0).path("type").asText()).isEqualTo(TransactionCanceledException.class.getName());
    }

    @Test
    void transactionCanceledByAConflict_isAnError() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = dynamoStub(requests, n -> new Reply(400,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\",\"message\":\"Transaction cancelled, please refer"
                        + " cancellation reasons for specific reasons [ConditionalCheckFailed, TransactionConflict]\","
                        + "\"CancellationReasons\":[{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\"},"
                        + "{\"Code\":\"TransactionConflict\",\"Message\":\"Transaction is ongoing for the item\"}]}"));
        try (DynamoDbClient stubbed = client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {

            tracer.execute(invocation(sampled()), () -> {
                assertThatThrownBy(() -> stubbed.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName("orders").item(Map.of("id", AttributeValue.fromS("x")))).build())))
                        .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                                .extracting(CancellationReason::code).containsExactly("ConditionalCheckFailed", "TransactionConflict"));
                return null;
            });

            JsonNode call = fx.daemon.takeOne().path("subsegments").get(0);
            assertThat(call.path("error").asBoolean()).isTrue();
            assertThat(call.path("cause").path("exceptions").get(0).path("type").asText()).isEqualTo(TransactionCanceledException.class.getName());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void throttling_isRecordedAsThrottleWithTheRetries() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = dynamoStub(requests, n -> new Reply(400,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\",\"message\":\"Rate of requests exceeds the allowed throughput\"}"));
        try (DynamoDbClient stubbed = client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {

            tracer.execute(invocation(sampled()), () -> {
                assertThatThrownBy(() -> stubbed.getItem(b -> b.tableName("orders").key(Map.of("id", AttributeValue.fromS("x")))))
                        .isInstanceOf(ProvisionedThroughputExceededException.class);
                return null;
            });

            JsonNode call = fx.daemon.takeOne().path("subsegments").get(0);
            assertThat(call.path("throttle").asBoolean()).isTrue();
            assertThat(call.path("error").asBoolean()).isTrue();
            assertThat(call.path("aws").path("retries").asInt()).isEqualTo(requests.get() - 1).isPositive();
            assertThat(call.path("cause").path("exceptions").get(0).path("type").asText()).isEqualTo(ProvisionedThroughputExceededException.class.getName());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void serverErrorsThenSuccess_recordsTheRetriesAndNoFault_persistentServerError_isAFault() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = dynamoStub(requests, n -> n <= 2 || n >= 4
                ? new Reply(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"try again\"}")
                : new Reply(200, "{}"));
        try (DynamoDbClient stubbed = client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {

            tracer.execute(invocation(sampled()), () -> stubbed.putItem(b -> b.tableName("orders").item(Map.of("id", AttributeValue.fromS("x")))));
            tracer.execute(invocation(sampled()), () -> {
                assertThatThrownBy(() -> stubbed.putItem(b -> b.tableName("orders").item(Map.of("id", AttributeValue.fromS("y")))))
                        .hasMessageContaining("try again");
                return null;
            });

            List<JsonNode> docs = fx.daemon.take(2);
            JsonNode recovered = docs.get(0).path("subsegments").get(0);
            assertThat(recovered.path("aws").path("retries").asInt()).isEqualTo(2);
            assertThat(recovered.path("http").path("response").path("status").asInt()).isEqualTo(200);
            assertThat(recovered.has("fault")).isFalse();
            JsonNode failed = docs.get(1).path("subsegments").get(0);
            assertThat(failed.path("fault").asBoolean()).isTrue();
            assertThat(failed.path("http").path("response").path("status").asInt()).isEqualTo(500);
            assertThat(failed.path("cause").path("exceptions").get(0).path("remote").asBoolean()).isTrue();
        } finally {
            server.stop(0);
        }
    }

    record Reply(int status, String body) {
    }

    /** A minimal server speaking DynamoDB's JSON protocol with scripted answers: request n (from 1) gets reply(n). */
    private static HttpServer dynamoStub(AtomicInteger requests, java.util.function.IntFunction<Reply> reply) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Reply r = reply.apply(requests.incrementAndGet());
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-" + requests.get());
            exchange.sendResponseHeaders(r.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
