package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.batch.RecordFailure.Reason;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.testing.MutableClock;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lambdakit.batch.Events.dynamo;
import static io.lambdakit.batch.Events.dynamoRecord;
import static io.lambdakit.batch.Events.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamoDbBatchProcessorTest {

    /** The item type of the table the stream comes from. */
    public record Product(String id, String name, int stock, BigDecimal price, boolean active, List<String> tags) {
    }

    private final ExecutionEnvironment env = ExecutionEnvironment.builder().build();

    @BeforeEach
    void clearLogs() {
        CapturedLogs.clear();
    }

    private static Map<String, AttributeValue> product(String id, int stock) {
        return Map.of(
                "id", new AttributeValue().withS(id),
                "name", new AttributeValue().withS("Widget " + id),
                "stock", new AttributeValue().withN(Integer.toString(stock)),
                "price", new AttributeValue().withN("19.90"),
                "active", new AttributeValue().withBOOL(true),
                "tags", new AttributeValue().withSS("a", "b"));
    }

    private static Product expected(String id, int stock) {
        return new Product(id, "Widget " + id, stock, new BigDecimal("19.90"), true, List.of("a", "b"));
    }

    @Test
    void handler_typed_receivesDecodedNewAndOldImagesPerEventKind() {
        List<DynamoDbChange<Product>> changes = new ArrayList<>();
        BatchProcessor<DynamodbEvent, StreamsEventResponse> processor = BatchProcessor.dynamoDbStreams().executionEnvironment(env)
                .handler(Product.class, (change, ctx) -> changes.add(change)).build();
        DynamodbEvent event = dynamo(List.of(
                dynamoRecord("100", "INSERT", product("p-1", 5), null),
                dynamoRecord("101", "MODIFY", product("p-1", 4), product("p-1", 5)),
                dynamoRecord("102", "REMOVE", null, product("p-1", 4)),
                dynamoRecord("103", "MODIFY", null, null)));

        StreamsEventResponse response = processor.process(event, TestContext.create());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(changes).hasSize(4);
        assertThat(changes.get(0).eventName()).isEqualTo("INSERT");
        assertThat(changes.get(0).newImage()).contains(expected("p-1", 5));
        assertThat(changes.get(0).oldImage()).isEmpty();
        assertThat(changes.get(1).newImage()).contains(expected("p-1", 4));
        assertThat(changes.get(1).oldImage()).contains(expected("p-1", 5));
        assertThat(changes.get(2).newImage()).isEmpty();
        assertThat(changes.get(2).oldImage()).contains(expected("p-1", 4));
        assertThat(changes.get(3).newImage()).isEmpty();
        assertThat(changes.get(3).oldImage()).isEmpty();
        assertThat(changes.get(3).keys()).containsKey("id");
        assertThat(changes.get(3).sequenceNumber()).isEqualTo("103");
    }

    @Test
    void process_someRecordsFail_reportsTheirSequenceNumbers() {
        BatchProcessor<DynamodbEvent, StreamsEventResponse> processor = BatchProcessor.dynamoDbStreams().executionEnvironment(env)
                .handler(Product.class, (change, ctx) -> {
                    if (change.newImage().orElseThrow().stock() == 0) {
                        throw new IllegalStateException("out of stock");
                    }
                }).build();
        DynamodbEvent event = dynamo(List.of(dynamoRecord("1", "INSERT", product("a", 1), null),
                dynamoRecord("2", "INSERT", product("b", 0), null), dynamoRecord("3", "INSERT", product("c", 0), null)));

        assertThat(ids(processor.process(event, TestContext.create()))).containsExactly("2", "3");
    }

    @Test
    void process_allRecordsFail_bothModes() {
        DynamodbEvent event = dynamo(List.of(dynamoRecord("1", "INSERT", product("a", 1), null), dynamoRecord("2", "INSERT", product("b", 1), null)));
        RecordHandler<DynamodbStreamRecord> failing = (r, ctx) -> {
            throw new IllegalStateException("down");
        };

        StreamsEventResponse response = BatchProcessor.dynamoDbStreams().executionEnvironment(env).rawHandler(failing).build()
                .process(event, TestContext.create());
        BatchProcessor<DynamodbEvent, StreamsEventResponse> throwing = BatchProcessor.dynamoDbStreams().executionEnvironment(env)
                .throwOnFullBatchFailure(true).rawHandler(failing).build();

        assertThat(ids(response)).containsExactly("1", "2");
        assertThatThrownBy(() -> throwing.process(event, TestContext.create()))
                .isInstanceOfSatisfying(BatchFailedException.class,
                        e -> assertThat(e.failures()).extracting(RecordFailure::itemIdentifier).containsExactly("1", "2"));
    }

    @Test
    void process_imageThatDoesNotFitTheType_failsThatRecordAloneNamingTheImage() {
        List<RecordFailure> failures = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> bad = new java.util.HashMap<>(product("b", 1));
        bad.put("stock", new AttributeValue().withS("plenty"));
        BatchProcessor<DynamodbEvent, StreamsEventResponse> processor = BatchProcessor.dynamoDbStreams().executionEnvironment(env)
                .handler(Product.class, (c, ctx) -> seen.add(c.newImage().orElseThrow().id()))
                .onFailure((r, f) -> failures.add(f)).build();
        DynamodbEvent event = dynamo(List.of(dynamoRecord("1", "INSERT", product("a", 1), null),
                dynamoRecord("2", "MODIFY", product("b", 2), bad), dynamoRecord("3", "INSERT", product("c", 1), null)));

        StreamsEventResponse response = processor.process(event, TestContext.create());

        assertThat(ids(response)).containsExactly("2");
        assertThat(seen).containsExactly("a", "c");
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(Reason.UNDECODABLE);
            assertThat(f.error()).hasMessageContaining("record 2 could not be decoded as " + Product.class.getName())
                    .hasMessageContaining("OldImage");
        });
        assertThat(CapturedLogs.at(Level.ERROR)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("DynamoDB Streams record 2 could not be decoded"));
    }

    @Test
    void process_attributeWithoutValue_isUndecodableAndNamesItsPath() {
        List<RecordFailure> failures = new ArrayList<>();
        Map<String, AttributeValue> image = Map.of("id", new AttributeValue().withS("a"),
                "nested", new AttributeValue().withM(Map.of("inner", new AttributeValue())));
        BatchProcessor<DynamodbEvent, StreamsEventResponse> processor = BatchProcessor.dynamoDbStreams().executionEnvironment(env)
                .handler(JsonNode.class, (c, ctx) -> { })
                .onFailure((r, f) -> failures.add(f)).build();

        processor.process(dynamo(List.of(dynamoRecord("1", "INSERT", image, null))), TestContext.create());

        assertThat(failures.get(0).error()).hasMessageContaining("NewImage").hasMessageContaining("attribute nested.inner has no value");
    }

    @Test
    void handler_customImageDecoder_isUsedForBothImages() {
        List<String> seen = new ArrayList<>();
        BatchProcessor<DynamodbEvent, StreamsEventResponse> processor = BatchProcessor.dynamoDbStreams().executionEnvironment(env)
                .handler(image -> image.get("id").getS() + "@" + image.get("stock").getN(),
                        (DynamoDbChange<String> c, com.amazonaws.services.lambda.runtime.Context ctx) ->
                                seen.add(c.oldImage().orElse("-") + " -> " + c.newImage().orElse("-")))
                .build();

        processor.process(dynamo(List.of(dynamoRecord("1", "MODIFY", product("a", 2), product("a", 3)))), TestContext.create());

        assertThat(seen).containsExactly("a@3 -> a@2");
    }

    @Test
    void process_realWireEvent_decodesEveryAttributeType() throws Exception {
        String json = """
                {"Records":[{"eventID":"c4ca4238a0b923820dcc509a6f75849b","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb",
                  "awsRegion":"us-east-1","dynamodb":{"Keys":{"id":{"S":"p-1"}},
                  "NewImage":{"id":{"S":"p-1"},"name":{"S":"Widget"},"stock":{"N":"7"},"price":{"N":"19.90"},"active":{"BOOL":true},
                    "tags":{"SS":["x","y"]},"sizes":{"NS":["1","2.5"]},"gone":{"NULL":true},"blob":{"B":"AAEC"},
                    "dims":{"M":{"w":{"N":"3"},"h":{"N":"4"}}},"history":{"L":[{"S":"created"},{"N":"1"}]},"empty":{"L":[]}},
                  "ApproximateCreationDateTime":1428537600,"SequenceNumber":"4421584500000000017450439091","SizeBytes":26,
                  "StreamViewType":"NEW_AND_OLD_IMAGES"},
                  "eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899"}]}
                """;
        List<JsonNode> images = new ArrayList<>();
        List<Product> products = new ArrayList<>();
        DynamodbEvent event = Events.fromJson(json, DynamodbEvent.class);

        BatchProcessor.dynamoDbStreams().executionEnvironment(env)
                .handler(JsonNode.class, (c, ctx) -> images.add(c.newImage().orElseThrow())).build()
                .process(event, TestContext.create());
        StreamsEventResponse response = BatchProcessor.dynamoDbStreams().executionEnvironment(env)
                .handler(Product.class, (c, ctx) -> products.add(c.newImage().orElseThrow())).build()
                .process(event, TestContext.create());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(products).containsExactly(new Product("p-1", "Widget", 7, new BigDecimal("19.90"), true, List.of("x", "y")));
        JsonNode image = images.get(0);
        assertThat(image.get("stock").isInt()).isTrue();
        assertThat(image.get("price").decimalValue()).isEqualByComparingTo("19.90");
        assertThat(image.get("sizes").toString()).isEqualTo("[1,2.5]");
        assertThat(image.get("gone").isNull()).isTrue();
        assertThat(image.get("blob").binaryValue()).containsExactly(0, 1, 2);
        assertThat(image.get("dims").toString()).isEqualTo("{\"w\":3,\"h\":4}");
        assertThat(image.get("history").toString()).isEqualTo("[\"created\",1]");
        assertThat(image.get("empty").toString()).isEqualTo("[]");
    }

    @Test
    void parallel_1000RecordsWithRandomFailures_reportsExactlyTheFailedSequenceNumbers() {
        Random random = new Random(7);
        List<DynamodbStreamRecord> records = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int stock = random.nextInt(5);
            records.add(dynamoRecord(String.valueOf(5000 + i), "INSERT", product("p-" + i, stock), null));
            if (stock == 0) {
                expected.add(String.valueOf(5000 + i));
            }
        }
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        BatchProcessor<DynamodbEvent, StreamsEventResponse> processor = BatchProcessor.dynamoDbStreams().executionEnvironment(env)
                .parallelism(5)
                .handler(Product.class, (c, ctx) -> {
                    calls.computeIfAbsent(c.sequenceNumber(), k -> new AtomicInteger()).incrementAndGet();
                    if (c.newImage().orElseThrow().stock() == 0) {
                        throw new IllegalStateException("out of stock");
                    }
                }).build();

        StreamsEventResponse response = processor.process(dynamo(records), TestContext.create());

        assertThat(ids(response)).containsExactlyElementsOf(expected);
        assertThat(calls).hasSize(1000);
        assertThat(calls.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    }

    @Test
    void deadline_cutOff_reportsUnstartedSequenceNumbers() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-22T10:00:00Z"));
        List<String> handled = new ArrayList<>();
        BatchProcessor<DynamodbEvent, StreamsEventResponse> processor = BatchProcessor.dynamoDbStreams()
                .executionEnvironment(ExecutionEnvironment.builder().clock(clock).build())
                .rawHandler((r, ctx) -> {
                    handled.add(r.getDynamodb().getSequenceNumber());
                    clock.advance(Duration.ofSeconds(1));
                }).build();
        DynamodbEvent event = dynamo(List.of(dynamoRecord("1", "INSERT", product("a", 1), null),
                dynamoRecord("2", "INSERT", product("b", 1), null), dynamoRecord("3", "INSERT", product("c", 1), null)));

        StreamsEventResponse response = processor.process(event, Events.context(2_500));

        assertThat(handled).containsExactly("1", "2");
        assertThat(ids(response)).containsExactly("3");
    }
}
