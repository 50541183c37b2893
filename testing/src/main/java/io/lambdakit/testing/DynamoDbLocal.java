package io.lambdakit.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.lambdakit.core.ConfigurationException;
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
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DynamoDB Local on a loopback port, reached over HTTP by the url-connection client as in Lambda. One
 * database serves every access key and region ({@code -sharedDb}), so a function under
 * {@link LocalFunction} in a child JVM, with credentials of its own, sees the tables the test created.
 * Two modes ({@link Mode}): {@link Mode#EMBEDDED} (the default, {@link #start()}) runs it inside the test
 * JVM; {@link Mode#SERVER} runs it as a process of its own, for clients outside the test JVM's control
 * (the AWS CLI, {@code sam local}, a run that must not share the test JVM's heap or logging). Either
 * keeps its data in memory unless {@link Builder#dbPath(Path)} names a directory.
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
 * {@link #createTables(SamTemplate)} creates a template's tables as declared. Or let JUnit start one
 * server per test JVM and pass it to tests and lifecycle methods:
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

    /** How DynamoDB Local runs. */
    public enum Mode {
        /** In the test JVM: fastest to start, stopped with it. */
        EMBEDDED,
        /**
         * In a JVM of its own (the test class path's DynamoDB Local, {@code java} of this JVM), on every
         * interface at {@link #endpoint()}'s port, stopped by {@link #close()} or when the test JVM exits.
         */
        SERVER
    }

    private static final String PROBE_CLASS = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner";
    private static final AtomicInteger TABLES = new AtomicInteger();

    private final Mode mode;
    private final Backend server;
    private final URI endpoint;
    private final List<DynamoDbClient> clients = new ArrayList<>();
    private final DynamoDbClient admin;

    private DynamoDbLocal(Mode mode, Backend server) {
        this.mode = mode;
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + server.port());
        this.admin = client();
    }

    /**
     * Starts DynamoDB Local in this JVM, in memory, on a free loopback port: {@code builder().start()}.
     *
     * @return the running server; close it when done
     * @throws LocalFunctionException when {@code com.amazonaws:DynamoDBLocal} is not on the class path, or
     *                                the server does not start
     */
    public static DynamoDbLocal start() {
        return builder().start();
    }

    /** @return a builder for a server in another mode, on a fixed port or over files */
    public static Builder builder() {
        return new Builder();
    }

    /** @return how this server runs */
    public Mode mode() {
        return mode;
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

    /**
     * Creates every {@code AWS::DynamoDB::Table} and {@code AWS::Serverless::SimpleTable} of a template as
     * it declares it: key schema, attribute definitions, global and local secondary indexes, billing mode
     * and throughput, stream and TTL. A table is named by its literal {@code TableName}, else by its
     * logical id (what the function receives through {@code !Ref} either way, see
     * {@link SamTemplate#environment(String, Map)}). Properties without a local effect (encryption, point
     * in time recovery, tags, deletion protection, table class, contributor insights, resource policy,
     * Kinesis streaming) are accepted and ignored. The template is checked whole before any table is created.
     *
     * @param template the template
     * @return each table's name by logical id, in template order: the references for
     *         {@link SamTemplate#environment(String, Map)}
     * @throws ConfigurationException naming every resource and property that cannot be created locally, or a
     *                                table name this server has already
     */
    public Map<String, String> createTables(SamTemplate template) {
        ConfigurationException.Problems problems = ConfigurationException.problems(template.source() + "'s DynamoDB tables");
        Map<String, CreateTableRequest> requests = new LinkedHashMap<>();
        Map<String, String> ttl = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : template.resourcesOfType(TemplateTables.TABLE).entrySet()) {
            TemplateTables.table(e.getKey(), e.getValue(), requests, ttl, problems);
        }
        for (Map.Entry<String, Map<String, Object>> e : template.resourcesOfType(TemplateTables.SIMPLE_TABLE).entrySet()) {
            TemplateTables.simpleTable(e.getKey(), e.getValue(), requests, problems);
        }
        List<String> existing = admin.listTables().tableNames();
        Map<String, String> names = new LinkedHashMap<>();
        for (Map.Entry<String, CreateTableRequest> e : requests.entrySet()) {
            String name = e.getValue().tableName();
            problems.require(!existing.contains(name) && !names.containsValue(name), e.getKey() + ": a table named " + name
                    + " exists already in this DynamoDB Local; create the template's tables once per server, or give the"
                    + " tables different TableNames");
            names.put(e.getKey(), name);
        }
        problems.throwIfAny();
        Map<String, String> created = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> resource : template.resources().entrySet()) {
            CreateTableRequest request = requests.get(resource.getKey());
            if (request == null) {
                continue;
            }
            admin.createTable(request);
            String attribute = ttl.get(resource.getKey());
            if (attribute != null) {
                admin.updateTimeToLive(b -> b.tableName(request.tableName())
                        .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true)));
            }
            created.put(resource.getKey(), request.tableName());
        }
        return created;
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
        server.stop();
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

    /** Settings of a {@link DynamoDbLocal}; {@link #start()} starts it. */
    public static final class Builder {
        private Mode mode = Mode.EMBEDDED;
        private int port;
        private Path dbPath;

        private Builder() {
        }

        /**
         * @param mode {@link Mode#EMBEDDED} (default) or {@link Mode#SERVER}
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * @param port the port to listen on, 1 to 65535; 0 (default) picks a free one
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * @param directory where DynamoDB Local keeps its database file ({@code shared-local-instance.db}),
         *                  so a later server over the same directory sees the tables and items; default none:
         *                  in memory, gone when the server stops
         * @return this builder
         */
        public Builder dbPath(Path directory) {
            this.dbPath = directory;
            return this;
        }

        /**
         * Starts the server and waits until it serves requests.
         *
         * @return the running server; close it when done
         * @throws ConfigurationException  when a setting is invalid (every problem in one message)
         * @throws LocalFunctionException when {@code com.amazonaws:DynamoDBLocal} is not on the class path, or the
         *                                server does not start
         */
        public DynamoDbLocal start() {
            ConfigurationException.Problems problems = ConfigurationException.problems("DynamoDbLocal");
            problems.require(mode != null, "mode was null but it must be EMBEDDED or SERVER; call mode(Mode.SERVER) or leave it");
            problems.require(port >= 0 && port <= 65535, "port was " + port + " but it must be 1 to 65535, or 0 for a free one");
            problems.require(dbPath == null || !java.nio.file.Files.isRegularFile(dbPath), "dbPath was " + dbPath
                    + " but it must be a directory (DynamoDB Local keeps its file in it), not a file");
            problems.throwIfAny();
            try {
                Class.forName(PROBE_CLASS, false, DynamoDbLocal.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new LocalFunctionException("DynamoDbLocal needs DynamoDB Local on the test class path, and "
                        + PROBE_CLASS + " was not found; add the dependency " + COORDINATE
                        + " (test scope) next to lambdakit-testing", e);
            }
            int chosen = port == 0 ? freePort() : port;
            List<String> arguments = new ArrayList<>(List.of("-sharedDb", "-disableTelemetry", "-port", Integer.toString(chosen)));
            if (dbPath == null) {
                arguments.add("-inMemory");
            } else {
                try {
                    java.nio.file.Files.createDirectories(dbPath);
                } catch (IOException e) {
                    throw new LocalFunctionException("DynamoDbLocal cannot create its dbPath " + dbPath + ": " + e, e);
                }
                arguments.add("-dbPath");
                arguments.add(dbPath.toAbsolutePath().toString());
            }
            Backend backend;
            if (mode == Mode.SERVER) {
                backend = new ServerProcess(DynamoDbLocalProcess.start(arguments, chosen), chosen);
            } else {
                try {
                    backend = Embedded.start(arguments.toArray(new String[0]), chosen);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new LocalFunctionException("DynamoDB Local did not start on port " + chosen + ": " + e, e);
                }
            }
            return new DynamoDbLocal(mode, backend);
        }

        private static int freePort() {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A running DynamoDB Local, in this JVM or another. */
    private interface Backend {
        int port();

        void stop();
    }

    /** The only code that touches DynamoDB Local's own types, loaded after the class-path check. */
    private static final class Embedded implements Backend {
        final DynamoDBProxyServer server;
        final int port;

        private Embedded(DynamoDBProxyServer server, int port) {
            this.server = server;
            this.port = port;
        }

        static Embedded start(String[] arguments, int port) throws Exception {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(arguments);
            server.start();
            return new Embedded(server, port);
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void stop() {
            try {
                server.stop();
            } catch (Exception e) {
                throw new LocalFunctionException("DynamoDB Local did not stop: " + e, e);
            }
        }
    }

    /** DynamoDB Local in a child JVM. */
    private static final class ServerProcess implements Backend {
        final DynamoDbLocalProcess handle;
        final int port;

        ServerProcess(DynamoDbLocalProcess handle, int port) {
            this.handle = handle;
            this.port = port;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void stop() {
            handle.stop();
        }
    }
}
