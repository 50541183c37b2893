package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Generated items written as JSON into SQS bodies and Kinesis data come out of typed handlers unchanged. */
class TypedBodyRoundTripTest {

    private final ExecutionEnvironment env = ExecutionEnvironment.builder().build();

    static LongStream seeds() {
        return LongStream.range(0, 50);
    }

    private static List<Order> orders(long seed) {
        Random r = new Random(seed);
        List<Order> orders = new ArrayList<>();
        String alphabet = "ab\"\\/\u00e9\u4e2d\u2028\ud83d\ude00 {}[]:,\n";
        for (int i = 0; i < 1 + r.nextInt(20); i++) {
            StringBuilder id = new StringBuilder();
            for (int j = 0; j < r.nextInt(15); j++) {
                int at = r.nextInt(alphabet.length());
                char c = alphabet.charAt(at);
                if (Character.isHighSurrogate(c)) {
                    id.append(c).append(alphabet.charAt(at + 1));
                } else if (!Character.isLowSurrogate(c)) {
                    id.append(c);
                }
            }
            BigDecimal price = r.nextBoolean() ? null : BigDecimal.valueOf(r.nextInt(1_000_000), r.nextInt(4));
            orders.add(new Order(id.toString(), r.nextInt(), price));
        }
        return orders;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sqs_generatedOrders_roundTripThroughTypedHandler(long seed) throws Exception {
        List<Order> orders = orders(seed);
        List<SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            messages.add(Events.sqsMessage("m-" + i, Json.mapper().writeValueAsString(orders.get(i))));
        }
        List<Order> seen = new ArrayList<>();

        BatchProcessor.sqs().executionEnvironment(env).handler(Order.class, (o, ctx) -> seen.add(o)).build()
                .process(Events.sqs(messages), TestContext.create());

        assertThat(seen).isEqualTo(orders);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void kinesis_generatedOrders_roundTripThroughTypedHandler(long seed) throws Exception {
        List<Order> orders = orders(seed);
        List<KinesisEventRecord> records = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            records.add(Events.kinesisRecord(Integer.toString(i), Json.mapper().writeValueAsBytes(orders.get(i))));
        }
        List<Order> seen = new ArrayList<>();
        List<String> texts = new ArrayList<>();

        BatchProcessor.kinesis().executionEnvironment(env).handler(Order.class, (o, ctx) -> seen.add(o)).build()
                .process(Events.kinesis(records), TestContext.create());
        KinesisEvent again = Events.kinesis(records);
        BatchProcessor.kinesis().executionEnvironment(env).handler(String.class, (s, ctx) -> texts.add(s)).build()
                .process(again, TestContext.create());

        assertThat(seen).isEqualTo(orders);
        for (int i = 0; i < orders.size(); i++) {
            assertThat(texts.get(i).getBytes(StandardCharsets.UTF_8)).isEqualTo(Json.mapper().writeValueAsBytes(orders.get(i)));
        }
    }
}
