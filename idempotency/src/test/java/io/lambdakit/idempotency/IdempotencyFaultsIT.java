package io.lambdakit.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import com.sun.net.httpserver.HttpServer;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Faults with the real SDK client: DynamoDB unreachable, DynamoDB throttling (served by a loopback
 * HTTP endpoint answering exactly as DynamoDB does, since DynamoDB Local cannot throttle on demand),
 * a completion write that fails after a real claim, expiry driven by an injected clock, and a
 * stored response that no longer matches the return type.
 */
@ExtendWith(DynamoDbLocal.Extension.class)
class IdempotencyFaultsIT {

    record Receipt(String orderId, int charged) {
    }

    private static final Environment ENV = Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"));

    private final MutableClock clock = new MutableClock(DynamoDbLocal.CLOCK_START);
    private final AtomicInteger runs = new AtomicInteger();
    private DynamoDbLocal ddb;
    private String table;

    @BeforeEach
    void setUp(DynamoDbLocal ddb) {
        this.ddb = ddb;
        this.table = ddb.createTable();
    }

    private Idempotency idempotency(DynamoDbClient client) {
        DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName(table).client(client).environment(ENV).build();
        return Idempotency.builder().store(store).eventKeyJmesPath("orderId")
                .executionEnvironment(ExecutionEnvironment.builder().environment(ENV).clock(clock).build()).build();
    }

    private Receipt charge(Idempotency idempotency, FakeContext context) {
        return idempotency.execute("charge", Map.of("orderId", "o-1"), context, Receipt.class, () -> {
            runs.incrementAndGet();
            return new Receipt("o-1", runs.get());
        });
    }

    @Test
    void dynamoDbUnreachable_onClaim_throwsPersistenceAndBodyDoesNotRun() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Idempotency idempotency = idempotency(DynamoDbLocal.clientFor(URI.create("http://127.0.0.1:" + closedPort)));

        IdempotencyPersistenceException e = catchThrowableOfType(IdempotencyPersistenceException.class,
                () -> charge(idempotency, FakeContext.create(clock)));

        assertThat(e.operation()).isEqualTo(IdempotencyPersistenceException.Operation.CLAIM);
        assertThat(e.bodyExecuted()).isFalse();
        assertThat(e.getCause()).isInstanceOf(SdkClientException.class);
        assertThat(e.getMessage()).contains("Could not claim idempotency key orders.charge#", "The body did not run");
        assertThat(runs).hasValue(0);
    }

    @Test
    void dynamoDbThrottling_onClaim_throwsPersistenceAfterSdkRetriesAndBodyDoesNotRun() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer throttling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        throttling.createContext("/", exchange -> {
            if ("DynamoDB_20120810.PutItem".equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))) {
                requests.incrementAndGet(); // the claim's attempts (the table check at init throttled too, uncounted)
            }
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                    + "\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "throttled-" + requests.get());
            exchange.sendResponseHeaders(400, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        throttling.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + throttling.getAddress().getPort());
            // The store's own default client (url-connection, STANDARD retries), pointed at the endpoint.
            DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName(table)
                    .environment(ENV.with(Map.of("AWS_REGION", "eu-west-1")))
                    .clientBuilder(b -> b.endpointOverride(endpoint)
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))))
                    .build();
            Idempotency idempotency = Idempotency.builder().store(store).eventKeyJmesPath("orderId")
                    .executionEnvironment(ExecutionEnvironment.builder().environment(ENV).clock(clock).build()).build();

            IdempotencyPersistenceException e = catchThrowableOfType(IdempotencyPersistenceException.class,
                    () -> charge(idempotency, FakeContext.create(clock)));

            assertThat(e.operation()).isEqualTo(IdempotencyPersistenceException.Operation.CLAIM);
            assertThat(e.getMessage()).contains("ProvisionedThroughputExceededException", "The body did not run");
            assertThat(requests.get()).as("attempts of the throttled claim (STANDARD retry mode)").isEqualTo(3);
            assertThat(runs).hasValue(0);
        } finally {
            throttling.stop(0);
        }
    }

    /** Fails the completion write (the PutItem fenced by the claim token) as a dropped connection would. */
    static final class FailCompletion implements ExecutionInterceptor {
        volatile boolean armed = true;

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (armed && context.request() instanceof PutItemRequest put && "#token = :token".equals(put.conditionExpression())) {
                throw SdkClientException.create("injected: connection reset while storing the result");
            }
        }
    }

    @Test
    void completionFailure_leavesRecordInProgressUntilDeadline_thenRetryRuns() {
        FailCompletion failCompletion = new FailCompletion();
        Idempotency idempotency = idempotency(ddb.client(failCompletion));
        FakeContext first = FakeContext.create(clock).withRemainingMillis(10_000);

        IdempotencyPersistenceException e = catchThrowableOfType(IdempotencyPersistenceException.class, () -> charge(idempotency, first));

        assertThat(e.operation()).isEqualTo(IdempotencyPersistenceException.Operation.COMPLETE);
        assertThat(e.bodyExecuted()).isTrue();
        String deadline = clock.instant().plusMillis(10_000).toString();
        assertThat(e.getMessage()).contains("stays INPROGRESS until its in_progress_expiration " + deadline,
                "then a retry runs the body again");
        Map<String, AttributeValue> item = ddb.admin().getItem(b -> b.tableName(table)
                .key(Map.of("id", AttributeValue.fromS(e.key())))).item();
        assertThat(item).containsEntry("status", AttributeValue.fromS("INPROGRESS"))
                .containsEntry("in_progress_expiration", AttributeValue.fromN(Long.toString(clock.millis() + 10_000)));

        failCompletion.armed = false;
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> charge(idempotency, FakeContext.create(clock)))
                .isInstanceOf(IdempotencyAlreadyInProgressException.class);
        clock.advance(Duration.ofMillis(1));
        Receipt retried = charge(idempotency, FakeContext.create(clock));

        assertThat(retried).isEqualTo(new Receipt("o-1", 2));
        assertThat(charge(idempotency, FakeContext.create(clock))).isEqualTo(retried);
    }

    @Test
    void completedRecord_expiresByInjectedClock_thenRunsAgain() {
        Idempotency idempotency = idempotency(ddb.client());
        Receipt first = charge(idempotency, FakeContext.create(clock));

        clock.advance(Duration.ofMinutes(59));
        Receipt replay = charge(idempotency, FakeContext.create(clock));
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        Receipt afterExpiry = charge(idempotency, FakeContext.create(clock));

        assertThat(replay).isEqualTo(first);
        assertThat(afterExpiry).isEqualTo(new Receipt("o-1", 2));
    }

    @Test
    void storedResponseOfOtherShape_throwsPersistenceNamingTheType() {
        Idempotency idempotency = idempotency(ddb.client());
        idempotency.execute("charge", Map.of("orderId", "o-1"), FakeContext.create(clock), String.class, () -> "[1,2,3]");

        IdempotencyPersistenceException e = catchThrowableOfType(IdempotencyPersistenceException.class,
                () -> charge(idempotency, FakeContext.create(clock)));

        assertThat(e.operation()).isEqualTo(IdempotencyPersistenceException.Operation.DESERIALIZE_RESPONSE);
        assertThat(e.getMessage()).contains("cannot be read as " + Receipt.class.getName(), "expires at");
        assertThat(runs).hasValue(0);
    }
}
