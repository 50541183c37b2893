package io.lambdakit.testing.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.testing.Events;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end under the real runtime interface client: EventBridge and S3 events (Joda-Time
 * instants) reach a woven {@code @Idempotent} handler as the runtime deserialises them; the
 * repeat is replayed from DynamoDB Local. Before the Joda fix every invocation failed with
 * {@code IdempotencyKeyException}.
 */
class IdempotentJodaEventsIT {

    private static DynamoDbLocal dynamoDb;
    private static String table;

    @BeforeAll
    static void start() {
        dynamoDb = DynamoDbLocal.start();
        table = dynamoDb.createTableWithoutTtl();
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    @ParameterizedTest
    @CsvSource({"eventbridge, Scheduled", "s3, ObjectCreated"})
    void repeatedEvent_isReplayed(String fixture, String handler) throws ClassNotFoundException {
        Class<?> handlerClass = Class.forName(IdempotentEventHandlers.class.getName() + "$" + handler);
        try (LocalFunction function = LocalFunction.builder()
                .handler(handlerClass)
                .functionName("joda-" + fixture)
                .environment("IDEMPOTENCY_TABLE", table)
                .environment("DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString())
                .start()) {

            InvocationResult first = function.invoke(Events.fixtureJson(fixture));
            InvocationResult repeat = function.invoke(Events.fixtureJson(fixture));

            assertThat(first.error()).as("first invocation error").isEmpty();
            assertThat(repeat.error()).as("repeat invocation error").isEmpty();
            assertThat(first.responseJson().asText()).startsWith("ran ").endsWith(" in " + first.requestId());
            assertThat(repeat.responseJson()).isEqualTo(first.responseJson());
        }
    }
}
