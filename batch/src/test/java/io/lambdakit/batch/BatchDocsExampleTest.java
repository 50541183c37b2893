package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.lambdakit.testing.Events;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.lambdakit.batch.Events.dynamo;
import static io.lambdakit.batch.Events.dynamoRecord;
import static org.assertj.core.api.Assertions.assertThat;

/** The code of docs/batch.md, compiled and run. */
class BatchDocsExampleTest {

    /** Where the example handlers put what they processed. */
    static final class Orders {
        final Map<String, Order> saved = new ConcurrentHashMap<>();

        void save(Order order) {
            if (order.quantity() <= 0) {
                throw new IllegalArgumentException("order " + order.id() + " has no items");
            }
            saved.put(order.id(), order);
        }
    }

    // docs:sqs-handler
    // docs:begin sqs-handler
    public static class OrderQueueHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

        private final Orders orders = new Orders();

        // built once per execution environment, at init
        private final BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs()
                .handler(Order.class, (order, context) -> orders.save(order)) // JSON body -> Order
                .parallelism(8)                                                // 8 records at a time
                .deadlineMargin(Duration.ofSeconds(2))                         // stop starting records 2 s before the timeout
                .build();

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            return processor.process(event, context); // {"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}
        }
    }
    // docs:end sqs-handler
    // docs:end

    // docs:dynamodb-handler
    public static class ProductChangesHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

        public record Product(String id, String name, int stock) {
        }

        // docs:begin dynamodb-streams
        private final BatchProcessor<DynamodbEvent, StreamsEventResponse> processor = BatchProcessor.dynamoDbStreams()
                .handler(Product.class, (change, context) -> {
                    Product before = change.oldImage().orElse(null); // typed OldImage
                    Product after = change.newImage().orElse(null);  // typed NewImage
                    if (after != null && after.stock() == 0 && (before == null || before.stock() > 0)) {
                        notifySoldOut(after);
                    }
                })
                .build();
        // docs:end dynamodb-streams

        @Override
        public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
            return processor.process(event, context);
        }

        void notifySoldOut(Product product) {
            if (product.id().isBlank()) {
                throw new IllegalStateException("no id");
            }
        }
    }
    // docs:end

    @Test
    void sqsHandler_oneBadMessageAmongGoodOnes_reportsOnlyIt() {
        // docs:test
        // docs:begin sqs-test
        SQSEvent event = Events.sqs()
                .message(m -> m.id("m-1").body("{\"id\":\"o-1\",\"quantity\":2,\"price\":9.99}"))
                .message(m -> m.id("m-2").body("{\"id\":\"o-2\",\"quantity\":0}"))   // the handler throws
                .message(m -> m.id("m-3").body("not an order"))                      // cannot be decoded
                .build();

        SQSBatchResponse response = new OrderQueueHandler().handleRequest(event, TestContext.create());

        assertThat(response.getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-2", "m-3");
        // docs:end sqs-test
        // docs:end
    }

    @Test
    void sqsHandler_savesTheGoodOrders() {
        OrderQueueHandler handler = new OrderQueueHandler();
        SQSEvent event = Events.sqs().message("{\"id\":\"o-1\",\"quantity\":2,\"price\":9.99}").message("{\"id\":\"o-2\",\"quantity\":1}").build();

        assertThat(handler.handleRequest(event, TestContext.create()).getBatchItemFailures()).isEmpty();
        assertThat(handler.orders.saved).containsOnlyKeys("o-1", "o-2");
        assertThat(handler.orders.saved.get("o-1").price()).isEqualByComparingTo(new BigDecimal("9.99"));
    }

    @Test
    void dynamoDbHandler_undecodableImage_reportsItsSequenceNumber() {
        DynamodbEvent event = dynamo(List.of(
                dynamoRecord("111", "MODIFY",
                        Map.of("id", new AttributeValue().withS("p-1"),
                                "stock", new AttributeValue().withN("0")),
                        Map.of("id", new AttributeValue().withS("p-1"),
                                "stock", new AttributeValue().withN("3"))),
                dynamoRecord("112", "INSERT",
                        Map.of("stock", new AttributeValue().withS("lots")), null)));

        StreamsEventResponse response = new ProductChangesHandler().handleRequest(event, TestContext.create());

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier).containsExactly("112");
    }
}
