package io.lambdakit.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T12:00:00.250Z"), ZoneOffset.UTC);

    private static JsonNode json(Object event) throws Exception {
        return Json.mapper().readTree(Events.toJson(event));
    }

    @Test
    void sqs_messages_areFilledLikeSqsAndSerializeWithLambdasCasing() throws Exception {
        SQSEvent event = Events.sqs().queue("orders").clock(CLOCK)
                .message("{\"id\":1}")
                .message(m -> m.body("two").id("m-2").receiveCount(3).attribute("tenant", "acme"))
                .build();

        assertThat(event.getRecords()).hasSize(2);
        SQSEvent.SQSMessage first = event.getRecords().get(0);
        assertThat(first.getMd5OfBody()).isEqualTo(Events.md5Hex("{\"id\":1}"));
        assertThat(first.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:orders");
        assertThat(first.getAttributes()).containsEntry("SentTimestamp", "1709294400250").containsEntry("ApproximateReceiveCount", "1");
        SQSEvent.SQSMessage second = event.getRecords().get(1);
        assertThat(second.getMessageId()).isEqualTo("m-2");
        assertThat(second.getAttributes()).containsEntry("ApproximateReceiveCount", "3");
        assertThat(second.getMessageAttributes().get("tenant").getStringValue()).isEqualTo("acme");
        JsonNode wire = json(event);
        assertThat(wire.has("Records")).isTrue();
        assertThat(wire.path("Records").get(0).path("eventSourceARN").asText()).isEqualTo(first.getEventSourceArn());
        assertThat(wire.path("Records").get(0).has("md5OfMessageAttributes")).isFalse();
    }

    @Test
    void sqsFifo_messages_carryGroupContentDedupAndIncreasingSequence() {
        SQSEvent event = Events.sqsFifo().queue("orders")
                .message(m -> m.body("a").groupId("g-1"))
                .message("b")
                .build();

        SQSEvent.SQSMessage a = event.getRecords().get(0);
        SQSEvent.SQSMessage b = event.getRecords().get(1);
        assertThat(a.getEventSourceArn()).endsWith(":orders.fifo");
        assertThat(a.getAttributes()).containsEntry("MessageGroupId", "g-1").containsEntry("MessageDeduplicationId", Events.sha256Hex("a"));
        assertThat(b.getAttributes()).containsEntry("MessageGroupId", "group-1");
        assertThat(Long.parseLong(b.getAttributes().get("SequenceNumber")))
                .isGreaterThan(Long.parseLong(a.getAttributes().get("SequenceNumber")));
    }

    @Test
    void kinesis_records_roundTripDataAsBase64WithOrderedSequenceNumbers() throws Exception {
        KinesisEvent event = Events.kinesis().stream("clicks").clock(CLOCK).record("first").record("second").build();

        JsonNode wire = json(event);
        assertThat(wire.path("Records").get(0).path("kinesis").path("data").asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString("first".getBytes(StandardCharsets.UTF_8)));
        KinesisEvent back = Events.fromJson(wire.toString(), KinesisEvent.class);
        assertThat(StandardCharsets.UTF_8.decode(back.getRecords().get(1).getKinesis().getData()).toString()).isEqualTo("second");
        String s1 = event.getRecords().get(0).getKinesis().getSequenceNumber();
        String s2 = event.getRecords().get(1).getKinesis().getSequenceNumber();
        assertThat(s1).hasSize(56);
        assertThat(new java.math.BigInteger(s2)).isGreaterThan(new java.math.BigInteger(s1));
        assertThat(event.getRecords().get(0).getEventSourceARN()).isEqualTo("arn:aws:kinesis:us-east-1:123456789012:stream/clicks");
        assertThat(event.getRecords().get(0).getEventID()).isEqualTo("shardId-000000000000:" + s1);
    }

    @Test
    void dynamoDbStreams_changes_carryKeysAndTheImagesTheViewTypeIncludes() throws Exception {
        Map<String, AttributeValue> before = Events.item(Map.of("pk", "o-1", "sk", "v1", "total", 10));
        Map<String, AttributeValue> after = Events.item(Map.of("pk", "o-1", "sk", "v1", "total", 12));

        DynamodbEvent event = Events.dynamoDbStreams().table("orders").keys("pk", "sk")
                .insert(before).modify(before, after).remove(after).build();
        DynamodbEvent keysOnly = Events.dynamoDbStreams().viewType(StreamViewType.KEYS_ONLY).insert(Events.item(Map.of("id", "x"))).build();

        assertThat(event.getRecords()).extracting(r -> r.getEventName()).containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(event.getRecords().get(1).getDynamodb().getKeys()).containsOnlyKeys("pk", "sk");
        assertThat(event.getRecords().get(1).getDynamodb().getOldImage().get("total").getN()).isEqualTo("10");
        assertThat(event.getRecords().get(1).getDynamodb().getNewImage().get("total").getN()).isEqualTo("12");
        assertThat(event.getRecords().get(2).getDynamodb().getNewImage()).isNull();
        assertThat(keysOnly.getRecords().get(0).getDynamodb().getNewImage()).isNull();
        JsonNode wire = json(event);
        assertThat(wire.path("Records").get(0).path("dynamodb").path("Keys").path("pk").path("S").asText()).isEqualTo("o-1");
    }

    @Test
    void dynamoDbStreams_imageWithoutKey_explainsWhichKeyIsMissing() {
        Events.DynamoDbStreamsBuilder builder = Events.dynamoDbStreams().insert(Events.item(Map.of("name", "x")));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no key attribute 'id'").hasMessageContaining("keys(..)");
    }

    static Stream<Arguments> generatedItems() {
        Random random = new Random(42);
        return IntStream.range(0, 25).mapToObj(i -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", "id-" + random.nextInt(1000));
            item.put("n", random.nextInt(100_000) - 50_000);
            item.put("d", new java.math.BigDecimal(random.nextInt(10_000)).movePointLeft(2));
            item.put("b", random.nextBoolean());
            item.put("nil", null);
            item.put("list", List.of("x" + i, i));
            item.put("map", Map.of("k", "v" + i));
            item.put("ss", Set.of("a" + i, "b" + i));
            return Arguments.of(item);
        });
    }

    @ParameterizedTest
    @MethodSource("generatedItems")
    void item_generatedValues_roundTripThroughTheStreamsWireFormat(Map<String, Object> values) throws Exception {
        Map<String, AttributeValue> item = Events.item(values);
        DynamodbEvent event = Events.dynamoDbStreams().insert(item).build();

        DynamodbEvent back = Events.fromJson(Events.toJson(event), DynamodbEvent.class);

        Map<String, AttributeValue> image = back.getRecords().get(0).getDynamodb().getNewImage();
        assertThat(image.get("id").getS()).isEqualTo(values.get("id"));
        assertThat(new java.math.BigDecimal(image.get("n").getN())).isEqualByComparingTo(new java.math.BigDecimal(values.get("n").toString()));
        assertThat(new java.math.BigDecimal(image.get("d").getN())).isEqualByComparingTo((java.math.BigDecimal) values.get("d"));
        assertThat(image.get("b").getBOOL()).isEqualTo(values.get("b"));
        assertThat(image.get("nil").getNULL()).isTrue();
        assertThat(image.get("list").getL()).hasSize(2);
        assertThat(image.get("map").getM().get("k").getS()).isEqualTo(((Map<?, ?>) values.get("map")).get("k"));
        assertThat(new HashSet<>(image.get("ss").getSS())).isEqualTo(values.get("ss"));
    }

    @Test
    void item_unsupportedType_namesTheType() {
        assertThatThrownBy(() -> Events.item(Map.of("when", Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.time.Instant");
    }

    @Test
    void apiGatewayRest_request_isAProxyIntegrationEvent() throws Exception {
        APIGatewayProxyRequestEvent request = Events.apiGatewayRest().method("post").path("/orders/7").resource("/orders/{id}")
                .pathParameter("id", "7").query("dryRun", "true").header("X-Tenant", "acme").body("{\"sku\":\"A1\"}").clock(CLOCK).build();

        assertThat(request.getHttpMethod()).isEqualTo("POST");
        assertThat(request.getHeaders()).containsEntry("Content-Type", "application/json").containsEntry("X-Tenant", "acme");
        assertThat(request.getMultiValueHeaders().get("X-Tenant")).containsExactly("acme");
        assertThat(request.getRequestContext().getPath()).isEqualTo("/prod/orders/7");
        assertThat(request.getRequestContext().getRequestTimeEpoch()).isEqualTo(CLOCK.millis());
        JsonNode wire = json(request);
        assertThat(wire.path("pathParameters").path("id").asText()).isEqualTo("7");
        assertThat(wire.path("multiValueQueryStringParameters").path("dryRun").get(0).asText()).isEqualTo("true");
    }

    @Test
    void apiGatewayHttp_request_isAPayloadVersion2Event() throws Exception {
        APIGatewayV2HTTPEvent request = Events.apiGatewayHttp().method("GET").path("/orders").query("page", "2").query("q", "a b")
                .header("X-Tenant", "acme").cookie("s=1").build();

        assertThat(request.getVersion()).isEqualTo("2.0");
        assertThat(request.getRouteKey()).isEqualTo("GET /orders");
        assertThat(request.getRawQueryString()).isEqualTo("page=2&q=a+b");
        assertThat(request.getHeaders()).containsEntry("x-tenant", "acme");
        assertThat(request.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
        assertThat(json(request).path("cookies").get(0).asText()).isEqualTo("s=1");
    }

    @Test
    void eventBridge_event_serializesDetailTypeWithItsHyphen() throws Exception {
        ScheduledEvent event = Events.eventBridge().source("com.example.orders").detailType("OrderPlaced")
                .detail(Map.of("orderId", "o-1")).clock(CLOCK).build();

        JsonNode wire = json(event);

        assertThat(wire.path("detail-type").asText()).isEqualTo("OrderPlaced");
        assertThat(wire.path("source").asText()).isEqualTo("com.example.orders");
        assertThat(wire.path("detail").path("orderId").asText()).isEqualTo("o-1");
        assertThat(wire.path("time").asText()).startsWith("2024-03-01T12:00:00");
    }

    @Test
    void s3_objects_haveUrlEncodedKeysAndBucketArns() {
        S3Event event = Events.s3().created("inbox", "reports/march 2024.csv", 2048).removed("inbox", "old.csv").build();

        var created = event.getRecords().get(0);
        assertThat(created.getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(created.getS3().getObject().getKey()).isEqualTo("reports%2Fmarch+2024.csv");
        assertThat(created.getS3().getObject().getUrlDecodedKey()).isEqualTo("reports/march 2024.csv");
        assertThat(created.getS3().getObject().getSizeAsLong()).isEqualTo(2048L);
        assertThat(created.getS3().getBucket().getArn()).isEqualTo("arn:aws:s3:::inbox");
        assertThat(event.getRecords().get(1).getEventName()).isEqualTo("ObjectRemoved:Delete");
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("sqs", SQSEvent.class), Arguments.of("sqs-fifo", SQSEvent.class),
                Arguments.of("kinesis", KinesisEvent.class), Arguments.of("dynamodb-streams", DynamodbEvent.class),
                Arguments.of("apigateway-rest", APIGatewayProxyRequestEvent.class),
                Arguments.of("apigateway-http", APIGatewayV2HTTPEvent.class),
                Arguments.of("eventbridge", ScheduledEvent.class), Arguments.of("s3", S3Event.class));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixture_bundledEvent_loadsAndReserializesWithoutLosingFields(String name, Class<?> type) throws Exception {
        Object event = Events.fixture(name, type);

        JsonNode original = Json.mapper().readTree(Events.fixtureJson(name));
        JsonNode reserialized = json(event);

        assertThat(event).isNotNull();
        original.fieldNames().forEachRemaining(field -> {
            if (!original.get(field).isNull()) {
                assertThat(reserialized.has(field)).as(name + " keeps " + field).isTrue();
            }
        });
    }

    @Test
    void fixture_unknownName_listsTheBundledOnes() {
        assertThatThrownBy(() -> Events.fixture("sns", Object.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Events.FIXTURES);
    }

    @Test
    void load_file_readsItAsTheRuntimeWould() throws Exception {
        Path file = Files.createTempFile("event", ".json");
        Files.writeString(file, Events.fixtureJson("sqs"));

        SQSEvent event = Events.load(file, SQSEvent.class);

        assertThat(event.getRecords()).extracting(SQSEvent.SQSMessage::getMessageId)
                .containsExactly("059f36b4-87a3-44ab-83d2-661975830a7d", "2e1424d4-f796-459a-8184-9c92662be6da");
        Files.delete(file);
    }

    @Test
    void loadResource_missing_saysWhereToPutIt() {
        assertThatThrownBy(() -> Events.loadResource("events/nope.json", SQSEvent.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("src/test/resources");
    }
}
