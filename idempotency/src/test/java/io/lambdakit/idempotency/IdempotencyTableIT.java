package io.lambdakit.idempotency;

import com.sun.net.httpserver.HttpServer;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.idempotency.IdempotencyTableException.Problem;
import io.lambdakit.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The idempotency table against DynamoDB Local: missing, with a key schema the store cannot use
 * (another name, another type, a composite layout on either side), without TTL, and a role that
 * may not call {@code DescribeTable} (a loopback proxy answering it with DynamoDB's 400
 * AccessDeniedException and passing everything else to DynamoDB Local). Each problem must reach
 * the caller as {@link IdempotencyTableException} naming the table, what the store expects and how
 * to create it, before the body runs; the table check at init and the first write must agree.
 */
@ExtendWith(DynamoDbLocal.Extension.class)
class IdempotencyTableIT {

    private static final Environment ENV = Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"));

    private final MutableClock clock = new MutableClock(DynamoDbLocal.CLOCK_START);
    private final AtomicInteger runs = new AtomicInteger();
    private final List<String> diagnostics = new CopyOnWriteArrayList<>();
    private final CountingInterceptor counter = new CountingInterceptor();
    private DynamoDbLocal ddb;

    @BeforeEach
    void setUp(DynamoDbLocal ddb) {
        this.ddb = ddb;
    }

    private DynamoDbIdempotencyStore.Builder store(String table, DynamoDbClient client) {
        return DynamoDbIdempotencyStore.builder().tableName(table).client(client).environment(ENV)
                .diagnostics(Diagnostics.create("io.lambdakit.idempotency", "orders", Clock.systemUTC(), diagnostics::add))
                .lifecycle(Lifecycle.create(line -> { }));
    }

    private String charge(DynamoDbIdempotencyStore store, String orderId) {
        Idempotency idempotency = Idempotency.builder().store(store).eventKeyJmesPath("orderId")
                .executionEnvironment(ExecutionEnvironment.builder().environment(ENV).clock(clock).build()).build();
        return idempotency.execute("charge", Map.of("orderId", orderId), FakeContext.create(clock), String.class,
                () -> "charged " + orderId + " run " + runs.incrementAndGet());
    }

    private IdempotencyTableException chargeFails(DynamoDbIdempotencyStore store, String orderId) {
        IdempotencyTableException e = catchThrowableOfType(IdempotencyTableException.class, () -> charge(store, orderId));
        assertThat(e).as("an IdempotencyTableException").isNotNull();
        return e;
    }

    private String createTable(String hash, ScalarAttributeType hashType, String range) {
        String name = "table-" + UUID.randomUUID();
        ddb.admin().createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
            if (range == null) {
                b.keySchema(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build())
                        .attributeDefinitions(AttributeDefinition.builder().attributeName(hash).attributeType(hashType).build());
            } else {
                b.keySchema(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build())
                        .attributeDefinitions(AttributeDefinition.builder().attributeName(hash).attributeType(hashType).build(),
                                AttributeDefinition.builder().attributeName(range).attributeType(ScalarAttributeType.S).build());
            }
        });
        ddb.admin().updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.attributeName("expiration").enabled(true)));
        return name;
    }

    @Test
    void missingTable_firstCall_throwsNotFoundNamingTableRegionAndHowToCreateIt() {
        DynamoDbIdempotencyStore store = store("no-such-table", ddb.client()).build();

        IdempotencyTableException e = chargeFails(store, "o-1");

        assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND);
        assertThat(e.tableName()).isEqualTo("no-such-table");
        assertThat(e.getMessage()).contains("Idempotency table 'no-such-table' does not exist in region eu-west-1",
                "at endpoint " + ddb.endpoint(), "The body did not run",
                "aws dynamodb create-table --table-name no-such-table --attribute-definitions AttributeName=id,AttributeType=S"
                        + " --key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST",
                "update-time-to-live --table-name no-such-table --time-to-live-specification Enabled=true,AttributeName=expiration",
                "KeySchema [{AttributeName: id, KeyType: HASH}]");
        assertThat(diagnostics).as("reported at init too").singleElement().asString()
                .contains("\"level\":\"ERROR\"", "Idempotency table 'no-such-table' does not exist", "DescribeTable at init");
        assertThat(runs).hasValue(0);
    }

    @Test
    void missingTable_tableCheckOff_firstWriteIsTranslated() {
        DynamoDbIdempotencyStore store = store("no-such-table", ddb.client(counter)).tableCheck(false).build();

        IdempotencyTableException e = chargeFails(store, "o-1");

        assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND);
        assertThat(e.getMessage()).contains("Idempotency table 'no-such-table' does not exist in region eu-west-1",
                "claiming idempotency key orders.charge#", "aws dynamodb create-table --table-name no-such-table");
        assertThat(counter.transmitted()).as("no check: the claim's write only").containsExactly("PutItem");
        assertThat(diagnostics).isEmpty();
        assertThat(runs).hasValue(0);
    }

    @Test
    void partitionKeyOfAnotherName_checkAtInit_failsEveryCallWithExpectedAndActual() {
        String table = createTable("pk", ScalarAttributeType.S, null);
        DynamoDbIdempotencyStore store = store(table, ddb.client()).build();

        IdempotencyTableException first = chargeFails(store, "o-1");
        IdempotencyTableException second = chargeFails(store, "o-2");

        assertThat(first.problem()).isEqualTo(Problem.KEY_SCHEMA);
        assertThat(first.getMessage()).contains("Idempotency table '" + table + "' in region eu-west-1",
                "has key schema [HASH pk (S)] but the store expects [HASH id (S)]", "call keyAttr(\"pk\")",
                "aws dynamodb create-table --table-name " + table);
        assertThat(second.problem()).isEqualTo(Problem.KEY_SCHEMA);
        assertThat(second.getMessage()).isEqualTo(first.getMessage());
        assertThat(diagnostics).singleElement().asString().contains("\"level\":\"ERROR\"", "has key schema [HASH pk (S)]");
        assertThat(runs).hasValue(0);
    }

    @Test
    void partitionKeyOfTypeNumber_tableCheckOff_firstWriteIsTranslated() {
        String table = createTable("id", ScalarAttributeType.N, null);
        DynamoDbIdempotencyStore store = store(table, ddb.client()).tableCheck(false).build();

        IdempotencyTableException e = chargeFails(store, "o-1");

        assertThat(e.problem()).isEqualTo(Problem.KEY_SCHEMA);
        assertThat(e.getMessage()).contains("does not have the key schema the store expects, [HASH id (S)]",
                "Type mismatch for key", "A table's key schema cannot be changed");
        assertThat(runs).hasValue(0);
    }

    @Test
    void partitionKeyOfTypeNumber_checkAtInit_saysTheKeysAreNotStrings() {
        String table = createTable("id", ScalarAttributeType.N, null);
        DynamoDbIdempotencyStore store = store(table, ddb.client()).build();

        IdempotencyTableException e = chargeFails(store, "o-1");

        assertThat(e.getMessage()).contains("has key schema [HASH id (N)] but the store expects [HASH id (S)]",
                "the store's keys are strings");
    }

    @Test
    void compositeLayout_onPartitionKeyOnlyTable_checkAtInit_throwsKeySchema() {
        DynamoDbIdempotencyStore store = store(ddb.createTable(), ddb.client()).sortKeyAttr("sk").build();

        IdempotencyTableException e = chargeFails(store, "o-1");

        assertThat(e.getMessage()).contains("has key schema [HASH id (S)] but the store expects [HASH id (S), RANGE sk (S)]",
                "sortKeyAttr(\"sk\")", "and drop sortKeyAttr(..)");
        assertThat(runs).hasValue(0);
    }

    @Test
    void compositeLayout_onPartitionKeyOnlyTable_tableCheckOff_secondKeyThrowsInsteadOfReplayingTheFirstKeysResult() {
        DynamoDbIdempotencyStore store = store(ddb.createTable(), ddb.client()).sortKeyAttr("sk").tableCheck(false).build();
        assertThat(charge(store, "o-1")).isEqualTo("charged o-1 run 1"); // lands on the one item of the static partition key

        IdempotencyTableException e = chargeFails(store, "o-2");

        assertThat(e.problem()).isEqualTo(Problem.KEY_SCHEMA);
        assertThat(e.getMessage()).contains("returned the item of key orders.charge#", "the table has no sort key 'sk'",
                "[HASH id (S), RANGE sk (S)]");
        assertThat(runs).as("o-2's body did not run").hasValue(1);
    }

    @Test
    void partitionKeyOnlyLayout_onCompositeTable_tableCheckOff_firstWriteIsTranslated() {
        DynamoDbIdempotencyStore store = store(ddb.createCompositeTable(), ddb.client()).tableCheck(false).build();

        IdempotencyTableException e = chargeFails(store, "o-1");

        assertThat(e.problem()).isEqualTo(Problem.KEY_SCHEMA);
        assertThat(e.getMessage()).contains("does not have the key schema the store expects, [HASH id (S)]");
    }

    @Test
    void partitionKeyOnlyLayout_onCompositeTable_checkAtInit_suggestsTheCompositeLayout() {
        DynamoDbIdempotencyStore store = store(ddb.createCompositeTable(), ddb.client()).build();

        IdempotencyTableException e = chargeFails(store, "o-1");

        assertThat(e.getMessage()).contains("has key schema [HASH id (S), RANGE sk (S)] but the store expects [HASH id (S)]",
                "call keyAttr(\"id\").sortKeyAttr(\"sk\")");
    }

    @Test
    void goodTable_checkCostsOneDescribeTableAndOneDescribeTimeToLive_atInit() {
        DynamoDbIdempotencyStore store = store(ddb.createTable(), ddb.client(counter)).build();

        assertThat(charge(store, "o-1")).isEqualTo("charged o-1 run 1");

        assertThat(counter.transmitted()).containsExactly("DescribeTable", "DescribeTimeToLive", "PutItem", "PutItem");
        assertThat(diagnostics).isEmpty();
    }

    @Test
    void compositeTable_withCompositeLayout_passesTheCheck() {
        String table = createTable("id", ScalarAttributeType.S, "sk");
        DynamoDbIdempotencyStore store = store(table, ddb.client()).sortKeyAttr("sk").build();

        assertThat(charge(store, "o-1")).isEqualTo("charged o-1 run 1");
        assertThat(charge(store, "o-2")).isEqualTo("charged o-2 run 2");
        assertThat(diagnostics).isEmpty();
    }

    @Test
    void ttlNotEnabled_warnsOnceAndCallsWork() {
        DynamoDbIdempotencyStore store = store(ddb.createTableWithoutTtl(), ddb.client()).build();

        assertThat(charge(store, "o-1")).isEqualTo("charged o-1 run 1");
        assertThat(charge(store, "o-1")).isEqualTo("charged o-1 run 1");

        assertThat(diagnostics).singleElement().asString().contains("\"level\":\"WARN\"", "is DISABLED, not ENABLED on 'expiration'",
                "update-time-to-live", "AttributeName=expiration");
    }

    @Test
    void ttlOnAnotherAttribute_warns() {
        String table = ddb.createTableWithoutTtl();
        ddb.admin().updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName("ttl").enabled(true)));
        DynamoDbIdempotencyStore store = store(table, ddb.client()).build();

        assertThat(charge(store, "o-1")).isEqualTo("charged o-1 run 1");

        assertThat(diagnostics).singleElement().asString().contains("is on attribute 'ttl', not on 'expiration'");
    }

    @Test
    void tableCheckOffByEnvironment_makesNoDescribeCalls() {
        DynamoDbIdempotencyStore store = store(ddb.createTable(), ddb.client(counter))
                .environment(ENV.with(Map.of("LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK", "FALSE"))).build();

        charge(store, "o-1");

        assertThat(counter.transmitted()).containsExactly("PutItem", "PutItem");
    }

    @Test
    void tableCheckVariable_invalid_failsTheBuildNamingIt() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> store(ddb.createTable(), ddb.client())
                .environment(ENV.with(Map.of("LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK", "no"))).build());

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK", "'no'", "tableCheck(..)");
    }

    @Test
    void beforeCheckpoint_waitsForTheCheck() {
        Lifecycle lifecycle = Lifecycle.create(line -> { });
        store(ddb.createTable(), ddb.client(counter)).lifecycle(lifecycle).build();

        List<Lifecycle.HookRun> hooks = lifecycle.beforeCheckpoint();

        assertThat(hooks).anySatisfy(h -> {
            assertThat(h.name()).contains("finish the table check");
            assertThat(h.succeeded()).isTrue();
        });
        assertThat(counter.transmitted()).containsExactly("DescribeTable", "DescribeTimeToLive");
    }

    @Test
    void describeTableDenied_fallsBackToTheFirstWrite_sayingWhyOnceAtInfo() throws IOException {
        String table = ddb.createTable();
        HttpServer proxy = deniesDescribeTable(ddb.endpoint());
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());
            DynamoDbIdempotencyStore store = store(table, DynamoDbLocal.clientFor(endpoint)).build();
            DynamoDbIdempotencyStore missing = store("no-such-table", DynamoDbLocal.clientFor(endpoint)).build();

            assertThat(charge(store, "o-1")).isEqualTo("charged o-1 run 1");
            assertThat(charge(store, "o-1")).isEqualTo("charged o-1 run 1");
            IdempotencyTableException e = chargeFails(missing, "o-2");

            assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND);
            assertThat(CapturedLogs.infos("Could not check idempotency table '" + table + "'")).singleElement()
                    .satisfies(line -> assertThat(line.message()).contains("AccessDeniedException: the function's role may not"
                            + " call dynamodb:DescribeTable", "reported by the first idempotent call instead",
                            "LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK=false"));
            assertThat(diagnostics).isEmpty();
        } finally {
            proxy.stop(0);
        }
    }

    /** A loopback DynamoDB endpoint that denies DescribeTable, as IAM does, and passes every other call to {@code target}. */
    private static HttpServer deniesDescribeTable(URI target) throws IOException {
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            int status;
            byte[] body;
            if ("DynamoDB_20120810.DescribeTable".equals(operation)) {
                status = 400;
                body = ("{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"Message\":\"User: arn:aws:sts::"
                        + "123456789012:assumed-role/orders/orders is not authorized to perform: dynamodb:DescribeTable\"}")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                HttpURLConnection c = (HttpURLConnection) target.toURL().openConnection();
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                    if (!h.getKey().equalsIgnoreCase("Host") && !h.getKey().equalsIgnoreCase("Content-Length")) {
                        c.setRequestProperty(h.getKey(), String.join(",", h.getValue()));
                    }
                }
                try (OutputStream out = c.getOutputStream()) {
                    out.write(request);
                }
                status = c.getResponseCode();
                try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                    body = in.readAllBytes();
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        proxy.start();
        return proxy;
    }
}
