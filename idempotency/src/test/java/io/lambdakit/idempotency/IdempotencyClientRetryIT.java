package io.lambdakit.idempotency;

import com.sun.net.httpserver.HttpServer;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The retry policy of the store's DynamoDB client, counted on the wire: a real HTTP server on
 * loopback that answers every {@code PutItem} with DynamoDB's retryable 500 and counts them, and a
 * closed loopback port (DynamoDB unreachable) whose attempts the real SDK client's interceptor
 * counts. The store's own client retries in the SDK's STANDARD mode (3 attempts), also when a
 * {@code clientBuilder(..)} customizer sets other override options; a customizer's own retry
 * strategy and a client passed with {@code client(..)} keep theirs.
 */
class IdempotencyClientRetryIT {

    private static final Environment ENV = Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders",
            "AWS_REGION", "eu-west-1"));
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"));

    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final AtomicInteger putItems = new AtomicInteger();
    private final AtomicInteger runs = new AtomicInteger();
    private HttpServer failing;
    private URI endpoint;

    @BeforeEach
    void startFailingDynamoDb() throws IOException {
        failing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        failing.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if ("DynamoDB_20120810.PutItem".equals(target)) {
                putItems.incrementAndGet();
            }
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(500, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        failing.start();
        endpoint = URI.create("http://127.0.0.1:" + failing.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        failing.stop(0);
    }

    private IdempotencyPersistenceException claimFails(DynamoDbIdempotencyStore store) {
        Idempotency idempotency = Idempotency.builder().store(store).eventKeyJmesPath("orderId")
                .executionEnvironment(ExecutionEnvironment.builder().environment(ENV).clock(clock).build()).build();
        IdempotencyPersistenceException e = catchThrowableOfType(IdempotencyPersistenceException.class,
                () -> idempotency.execute("charge", Map.of("orderId", "o-1"), FakeContext.create(clock), String.class,
                        () -> "charged " + runs.incrementAndGet()));
        assertThat(e).isNotNull();
        assertThat(e.operation()).isEqualTo(IdempotencyPersistenceException.Operation.CLAIM);
        assertThat(runs).hasValue(0);
        return e;
    }

    @Test
    void defaultClient_retriesTheClaimThreeTimes() {
        DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName("idempotency").environment(ENV)
                .clientBuilder(b -> b.endpointOverride(endpoint).credentialsProvider(CREDENTIALS))
                .build();

        claimFails(store);

        assertThat(putItems).as("attempts of the claim (STANDARD retry mode)").hasValue(3);
    }

    @Test
    void defaultClient_customizerSettingOtherOverrideOptions_keepsThreeAttempts() {
        CountingInterceptor counter = new CountingInterceptor();
        DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName("idempotency").environment(ENV)
                .clientBuilder(b -> b.endpointOverride(endpoint).credentialsProvider(CREDENTIALS)
                        .overrideConfiguration(o -> o.addExecutionInterceptor(counter)))
                .build();

        claimFails(store);

        assertThat(putItems).as("attempts of the claim (STANDARD retry mode)").hasValue(3);
        assertThat(counter.transmitted()).filteredOn("PutItem"::equals).hasSize(3);
    }

    @Test
    void defaultClient_customizerWithItsOwnRetryStrategy_keepsIt() {
        DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName("idempotency").environment(ENV)
                .clientBuilder(b -> b.endpointOverride(endpoint).credentialsProvider(CREDENTIALS)
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())))
                .build();

        claimFails(store);

        assertThat(putItems).as("attempts with the customizer's doNotRetry strategy").hasValue(1);
    }

    @Test
    void ownClient_keepsItsOwnRetryPolicy() {
        // The SDK's default for a DynamoDB client whose retry mode nobody set (no AWS_RETRY_MODE, no aws.retryMode,
        // no retry_mode in the profile): LEGACY with DynamoDB's 8 retries. This is the "9 attempts" of issue #19.
        assumeTrue(System.getenv("AWS_RETRY_MODE") == null && System.getProperty("aws.retryMode") == null);
        try (DynamoDbClient sdkDefault = client(null); DynamoDbClient standard = client(RetryMode.STANDARD)) {
            claimFails(DynamoDbIdempotencyStore.builder().tableName("idempotency").environment(ENV).client(sdkDefault).build());
            int defaultAttempts = putItems.getAndSet(0);
            claimFails(DynamoDbIdempotencyStore.builder().tableName("idempotency").environment(ENV).client(standard).build());

            assertThat(defaultAttempts).as("the SDK's default for DynamoDB: LEGACY, 8 retries").isEqualTo(9);
            assertThat(putItems).as("the client's own STANDARD mode").hasValue(3);
        }
    }

    @Test
    void defaultClient_dynamoDbUnreachable_triesTheClaimThreeTimes() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CountingInterceptor counter = new CountingInterceptor();
        DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName("idempotency").environment(ENV)
                .clientBuilder(b -> b.endpointOverride(URI.create("http://127.0.0.1:" + closedPort)).credentialsProvider(CREDENTIALS)
                        .overrideConfiguration(o -> o.addExecutionInterceptor(counter)))
                .build();

        IdempotencyPersistenceException e = claimFails(store);

        assertThat(e.getMessage()).contains("Could not claim idempotency key orders.charge#", "The body did not run");
        assertThat(counter.transmitted()).filteredOn("PutItem"::equals).as("attempts of the unreachable claim").hasSize(3);
    }

    /** A client of the user's own, with the given retry mode, or the SDK's default when null. */
    private DynamoDbClient client(RetryMode mode) {
        DynamoDbClientBuilder b = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create());
        if (mode != null) {
            b.overrideConfiguration(o -> o.retryStrategy(mode));
        }
        return b.build();
    }
}
