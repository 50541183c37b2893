package io.lambdakit.idempotency;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DynamoDB Local 2.6.1 as a server on a free loopback port, started once per test JVM (JUnit's root
 * store closes it at the end) and reached over HTTP by the url-connection client, as in Lambda.
 * Each test creates its own table, so tests never see each other's items.
 */
public final class DynamoDbLocal implements AutoCloseable {

    /**
     * The start of the injected clock of tests against DynamoDB Local: far in the future, because
     * DynamoDB Local honours the table's TTL and deletes records whose {@code expiration} lies in the
     * real past, even while a test still uses them (a claim would then find its key empty).
     */
    public static final Instant CLOCK_START = Instant.parse("2096-11-22T10:00:00Z");

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final List<DynamoDbClient> clients = new ArrayList<>();
    private final DynamoDbClient admin;

    private DynamoDbLocal(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
        this.admin = client();
    }

    static DynamoDbLocal start() {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
            server.start();
            return new DynamoDbLocal(server, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** @return a client as Lambda would have one: url-connection HTTP client, with the given interceptors */
    public synchronized DynamoDbClient client(ExecutionInterceptor... interceptors) {
        DynamoDbClient c = clientFor(endpoint, interceptors);
        clients.add(c);
        return c;
    }

    /**
     * @return a client over the given HTTP client (one that injects transport faults), with the STANDARD
     *         retry strategy the store's default client uses, except that it retries at once: the retry is
     *         under test, not its backoff, and a storm of retries must not wait
     */
    public synchronized DynamoDbClient client(SdkHttpClient http) {
        DynamoDbClient c = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .backoffStrategy(BackoffStrategy.retryImmediately()).circuitBreakerEnabled(false).build()))
                .build();
        clients.add(c);
        return c;
    }

    static DynamoDbClient clientFor(URI endpoint, ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> {
                    for (ExecutionInterceptor i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                })
                .build();
    }

    /** Creates a table shaped like the documented one: partition key {@code id} (S), on demand, TTL on {@code expiration}. */
    public String createTable() {
        String name = createTableWithoutTtl();
        admin.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.attributeName("expiration").enabled(true)));
        return name;
    }

    /**
     * Creates the documented table without TTL: for records whose {@code expiration} lies in the real past
     * on purpose (recorded data, fixed clocks), which DynamoDB Local's TTL sweeper would delete mid-test.
     */
    public String createTableWithoutTtl() {
        String name = "idempotency-" + TABLES.incrementAndGet();
        admin.createTable(b -> b.tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return name;
    }

    /** Creates a composite-key table: partition key {@code id} (S) with a static value, sort key {@code sk} (S). */
    public String createCompositeTable() {
        String name = "idempotency-composite-" + TABLES.incrementAndGet();
        admin.createTable(b -> b.tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return name;
    }

    /** @return a client for direct reads in assertions */
    public DynamoDbClient admin() {
        return admin;
    }

    @Override
    public synchronized void close() {
        for (DynamoDbClient c : clients) {
            c.close();
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }

    /** Resolves a {@link DynamoDbLocal} parameter with the one server of this test JVM. */
    public static final class Extension implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynamoDbLocal.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == DynamoDbLocal.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(DynamoDbLocal.class, k -> start(), DynamoDbLocal.class);
        }
    }
}
