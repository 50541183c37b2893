package io.lambdakit.testing;

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
 * DynamoDB Local in this JVM, in memory, on a free loopback port, reached over HTTP by the
 * url-connection client as in Lambda. One database serves every access key and region
 * ({@code -sharedDb}), so a function under {@link LocalFunction} in a child JVM, with credentials of
 * its own, sees the tables the test created.
 *
 * <p>{@code com.amazonaws:DynamoDBLocal} and {@code software.amazon.awssdk:dynamodb} are optional
 * dependencies of lambdakit-testing: add both (test scope) to use this class. {@link #start()} fails
 * with a {@link LocalFunctionException} naming the coordinate when DynamoDB Local is missing.
 *
 * <pre>{@code
 * try (DynamoDbLocal dynamoDb = DynamoDbLocal.start()) {
 *     String table = dynamoDb.createTable();   // shaped like Powertools' idempotency table
 *     ... dynamoDb.client() ...
 * }
 * }</pre>
 *
 * Or let JUnit start one server per test JVM and pass it to tests and lifecycle methods:
 * {@code @ExtendWith(DynamoDbLocal.Extension.class)}. Each test creates its own table, so tests never
 * see each other's items.
 */
public final class DynamoDbLocal implements AutoCloseable {

    /** The coordinate of DynamoDB Local, which users add to their test dependencies. */
    public static final String COORDINATE = "com.amazonaws:DynamoDBLocal";

    /**
     * A start for the injected clock of tests against DynamoDB Local: far in the future, because
     * DynamoDB Local honours a table's TTL and deletes items whose {@code expiration} lies in the real
     * past, even while a test still uses them (a claim would then find its key empty).
     */
    public static final Instant CLOCK_START = Instant.parse("2096-11-22T10:00:00Z");

    private static final String PROBE_CLASS = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner";
    private static final AtomicInteger TABLES = new AtomicInteger();

    private final Server server;
    private final URI endpoint;
    private final List<DynamoDbClient> clients = new ArrayList<>();
    private final DynamoDbClient admin;

    private DynamoDbLocal(Server server) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + server.port);
        this.admin = client();
    }

    /**
     * Starts DynamoDB Local on a free loopback port.
     *
     * @return the running server; close it when done
     * @throws LocalFunctionException when {@code com.amazonaws:DynamoDBLocal} is not on the class path, or
     *                                the server does not start
     */
    public static DynamoDbLocal start() {
        try {
            Class.forName(PROBE_CLASS, false, DynamoDbLocal.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new LocalFunctionException("DynamoDbLocal needs DynamoDB Local on the test class path, and "
                    + PROBE_CLASS + " was not found; add the dependency " + COORDINATE
                    + " (test scope) next to lambdakit-testing", e);
        }
        try {
            return new DynamoDbLocal(Server.start());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new LocalFunctionException("DynamoDB Local did not start: " + e, e);
        }
    }

    /** @return the server's endpoint, {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * A client as Lambda would have one: url-connection HTTP client, static credentials
     * {@code local}/{@code local}, region eu-west-1 (any works: the database is shared). Closed with
     * this server.
     *
     * @param interceptors execution interceptors to add, in order
     * @return a new client
     */
    public synchronized DynamoDbClient client(ExecutionInterceptor... interceptors) {
        DynamoDbClient c = clientFor(endpoint, interceptors);
        clients.add(c);
        return c;
    }

    /**
     * A client over the given HTTP client (one that injects transport faults, say), with the SDK's
     * STANDARD retry strategy except that it retries at once: the retry is under test, not its backoff.
     * Closed with this server.
     *
     * @param http the HTTP client to send requests through
     * @return a new client
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

    /**
     * A client like {@link #client(ExecutionInterceptor...)} for any endpoint (a closed port, to see how
     * code under test fails when DynamoDB is unreachable). The caller closes it.
     *
     * @param endpoint     where to send requests
     * @param interceptors execution interceptors to add, in order
     * @return a new client
     */
    public static DynamoDbClient clientFor(URI endpoint, ExecutionInterceptor... interceptors) {
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

    /**
     * Creates a table shaped like Powertools' idempotency table: partition key {@code id} (S), on
     * demand, TTL on {@code expiration}. Use {@link #CLOCK_START} for the clock of code that writes to it.
     *
     * @return the new table's name, unique in this JVM
     */
    public String createTable() {
        String name = createTableWithoutTtl();
        admin.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.attributeName("expiration").enabled(true)));
        return name;
    }

    /**
     * Creates the idempotency table without TTL: for items whose {@code expiration} lies in the real past
     * on purpose (recorded data, fixed clocks), which DynamoDB Local's TTL sweeper would delete mid-test.
     *
     * @return the new table's name, unique in this JVM
     */
    public String createTableWithoutTtl() {
        String name = "idempotency-" + TABLES.incrementAndGet();
        admin.createTable(b -> b.tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return name;
    }

    /**
     * Creates a composite-key idempotency table (Powertools' {@code sortKeyAttr} layout): partition key
     * {@code id} (S) with a static value, sort key {@code sk} (S), on demand, no TTL.
     *
     * @return the new table's name, unique in this JVM
     */
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

    /** @return the client this server created tables with, for direct reads in assertions */
    public DynamoDbClient admin() {
        return admin;
    }

    /** Closes the clients this server handed out and stops it. */
    @Override
    public synchronized void close() {
        for (DynamoDbClient c : clients) {
            c.close();
        }
        clients.clear();
        try {
            server.server.stop();
        } catch (Exception e) {
            throw new LocalFunctionException("DynamoDB Local did not stop: " + e, e);
        }
    }

    /**
     * Resolves a {@link DynamoDbLocal} parameter of tests and lifecycle methods with one server per test
     * JVM, started on first use and stopped when JUnit closes its root store.
     */
    public static final class Extension implements ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynamoDbLocal.class);

        /** Created by JUnit from {@code @ExtendWith}. */
        public Extension() {
        }

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

    /** The only code that touches DynamoDB Local's own types, loaded after the class-path check. */
    private static final class Server {
        final DynamoDBProxyServer server;
        final int port;

        private Server(DynamoDBProxyServer server, int port) {
            this.server = server;
            this.port = port;
        }

        static Server start() throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
            server.start();
            return new Server(server, port);
        }
    }
}
