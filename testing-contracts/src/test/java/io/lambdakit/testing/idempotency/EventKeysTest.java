package io.lambdakit.testing.idempotency;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.idempotency.HashAlgorithm;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import io.lambdakit.testing.Events;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type {@link Events} builds, and every bundled fixture as the managed runtime
 * deserialises it (aws-lambda-java-serialization), can be an idempotency payload: keyed whole
 * (a repeat is replayed) and through a JMESPath over Powertools' property names, selecting the
 * value the event's getter returns. S3 and EventBridge events carry Joda-Time instants.
 */
class EventKeysTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    /** An event, the key path for it, and the value that path must select. */
    record Case(String name, Object event, String keyPath, Function<Object, String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static <T> Case of(String name, T event, String keyPath, Function<T, String> expected) {
        @SuppressWarnings("unchecked")
        Function<Object, String> f = (Function<Object, String>) expected;
        return new Case(name, event, keyPath, f);
    }

    static Stream<Arguments> events() {
        String sqsPath = "records[0].messageId";
        Function<SQSEvent, String> sqsId = e -> e.getRecords().get(0).getMessageId();
        String kinesisPath = "records[0].kinesis.sequenceNumber";
        Function<KinesisEvent, String> kinesisSeq = e -> e.getRecords().get(0).getKinesis().getSequenceNumber();
        String ddbPath = "records[0].dynamodb.sequenceNumber";
        Function<DynamodbEvent, String> ddbSeq = e -> e.getRecords().get(0).getDynamodb().getSequenceNumber();
        Function<APIGatewayProxyRequestEvent, String> restId = e -> e.getRequestContext().getRequestId();
        Function<APIGatewayV2HTTPEvent, String> httpId = e -> e.getRequestContext().getRequestId();
        Function<ScheduledEvent, String> bridgeId = ScheduledEvent::getId;
        Function<S3Event, String> s3Key = e -> e.getRecords().get(0).getS3().getObject().getKey();
        List<Case> cases = List.of(
                of("builder sqs", Events.sqs().queue("orders").message("{\"orderId\":\"o-1\"}").build(), sqsPath, sqsId),
                of("builder sqs-fifo", Events.sqsFifo().queue("orders.fifo").message("{\"orderId\":\"o-1\"}").build(), sqsPath, sqsId),
                of("builder kinesis", Events.kinesis().stream("orders").record("{\"orderId\":\"o-1\"}").build(), kinesisPath, kinesisSeq),
                of("builder dynamodb-streams", Events.dynamoDbStreams().table("orders")
                        .insert(Events.item(Map.of("id", "o-1", "total", 42))).build(), ddbPath, ddbSeq),
                of("builder apigateway-rest", Events.apiGatewayRest().method("POST").path("/orders")
                        .body("{\"orderId\":\"o-1\"}").build(), "requestContext.requestId", restId),
                of("builder apigateway-http", Events.apiGatewayHttp().method("POST").path("/orders")
                        .body("{\"orderId\":\"o-1\"}").build(), "requestContext.requestId", httpId),
                of("builder eventbridge", Events.eventBridge().source("orders").detailType("OrderCreated")
                        .detail(Map.of("orderId", "o-1")).clock(CLOCK).build(), "id", bridgeId),
                of("builder s3", Events.s3().created("orders-bucket", "incoming/o-1.json", 1024).clock(CLOCK).build(),
                        "records[0].s3.object.key", s3Key),
                of("fixture sqs", Events.fixture("sqs", SQSEvent.class), sqsPath, sqsId),
                of("fixture sqs-fifo", Events.fixture("sqs-fifo", SQSEvent.class), sqsPath, sqsId),
                of("fixture kinesis", Events.fixture("kinesis", KinesisEvent.class), kinesisPath, kinesisSeq),
                of("fixture dynamodb-streams", Events.fixture("dynamodb-streams", DynamodbEvent.class), ddbPath, ddbSeq),
                of("fixture apigateway-rest", Events.fixture("apigateway-rest", APIGatewayProxyRequestEvent.class),
                        "requestContext.requestId", restId),
                of("fixture apigateway-http", Events.fixture("apigateway-http", APIGatewayV2HTTPEvent.class),
                        "requestContext.requestId", httpId),
                of("fixture eventbridge", Events.fixture("eventbridge", ScheduledEvent.class), "id", bridgeId),
                of("fixture s3", Events.fixture("s3", S3Event.class), "records[0].s3.object.key", s3Key));
        return cases.stream().map(Arguments::of);
    }

    private static Idempotency idempotency(InMemoryIdempotencyStore store, String keyPath) {
        return Idempotency.builder()
                .store(store)
                .executionEnvironment(ExecutionEnvironment.builder().environment(Environment.empty()).clock(CLOCK).build())
                .hashAlgorithm(HashAlgorithm.MD5)
                .eventKeyJmesPath(keyPath)
                .throwOnNoIdempotencyKey(true)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void wholeEvent_isKeyed_andItsRepeatReplayed(Case c) {
        InMemoryIdempotencyStore store = InMemoryIdempotencyStore.create();
        Idempotency idempotency = idempotency(store, null);
        AtomicInteger runs = new AtomicInteger();

        String first = idempotency.execute("handle", c.event(), TestContext.create(), String.class, () -> "run-" + runs.incrementAndGet());
        String repeat = idempotency.execute("handle", c.event(), TestContext.create(), String.class, () -> "run-" + runs.incrementAndGet());

        assertThat(repeat).isEqualTo(first).isEqualTo("run-1");
        assertThat(store.records()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void keyPath_selectsTheValueOfTheEventsGetter(Case c) throws Exception {
        InMemoryIdempotencyStore store = InMemoryIdempotencyStore.create();
        String value = c.expected().apply(c.event());

        idempotency(store, c.keyPath()).execute("handle", c.event(), TestContext.create(), String.class, () -> "ok");

        assertThat(value).isNotBlank();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8)));
        assertThat(store.records()).containsOnlyKeys(TestContext.DEFAULT_FUNCTION_NAME + ".handle#" + md5);
    }
}
