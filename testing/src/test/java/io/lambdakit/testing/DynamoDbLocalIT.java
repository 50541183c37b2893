package io.lambdakit.testing;

import io.lambdakit.core.ConfigurationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** DynamoDbLocal's template tables and server mode, against DynamoDB Local itself. */
class DynamoDbLocalIT {

    private static DynamoDbLocal dynamoDb;

    @BeforeAll
    static void start() {
        dynamoDb = DynamoDbLocal.start();
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    @Test
    void createTables_fromTemplate_createsKeysIndexesStreamAndTtlAsDeclared() {
        SamTemplate template = SamTemplate.read(SamTemplateTest.TEMPLATE);

        Map<String, String> tables = dynamoDb.createTables(template);

        assertThat(tables).containsExactly(Map.entry("OrdersTable", "OrdersTable"), Map.entry("ItemsTable", "standins-items"));
        TableDescription orders = dynamoDb.admin().describeTable(b -> b.tableName("OrdersTable")).table();
        assertThat(orders.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("customerId:HASH", "orderId:RANGE");
        assertThat(orders.globalSecondaryIndexes()).singleElement().satisfies(gsi -> {
            assertThat(gsi.indexName()).isEqualTo("byStatus");
            assertThat(gsi.keySchema()).extracting(k -> k.attributeName()).containsExactly("status", "placedAt");
            assertThat(gsi.projection().projectionTypeAsString()).isEqualTo("INCLUDE");
            assertThat(gsi.projection().nonKeyAttributes()).containsExactly("total");
        });
        assertThat(orders.localSecondaryIndexes()).singleElement().satisfies(lsi -> {
            assertThat(lsi.indexName()).isEqualTo("byPlacedAt");
            assertThat(lsi.projection().projectionTypeAsString()).isEqualTo("KEYS_ONLY");
        });
        assertThat(orders.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(orders.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(dynamoDb.admin().describeTimeToLive(b -> b.tableName("OrdersTable")).timeToLiveDescription().attributeName())
                .isEqualTo("expiresAt");
        TableDescription items = dynamoDb.admin().describeTable(b -> b.tableName("standins-items")).table();
        assertThat(items.keySchema()).singleElement().satisfies(k -> assertThat(k.attributeName()).isEqualTo("sku"));
        assertThat(items.attributeDefinitions()).singleElement().satisfies(a -> assertThat(a.attributeTypeAsString()).isEqualTo("N"));
        assertThat(items.provisionedThroughput().readCapacityUnits()).isEqualTo(2L);
        assertThat(items.provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
    }

    @Test
    void createTables_withWhatCannotBeCreatedLocally_namesEveryResourceAndPropertyAndCreatesNothing() {
        SamTemplate template = SamTemplate.parse("broken.yaml", """
                Resources:
                  Good:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: broken-good
                      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                      KeySchema: [{AttributeName: id, KeyType: HASH}]
                  Imported:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                      KeySchema: [{AttributeName: id, KeyType: PARTITION}]
                      ImportSourceSpecification: {InputFormat: CSV}
                  Provisioned:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: PROVISIONED
                      AttributeDefinitions: !Ref Definitions
                      KeySchema: [{AttributeName: id, KeyType: HASH}]
                """);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> dynamoDb.createTables(template));

        assertThat(e.problems()).containsExactly(
                "Imported (AWS::DynamoDB::Table): ImportSourceSpecification is not supported by DynamoDbLocal.createTables;"
                        + " remove it, or create this table yourself with admin()",
                "Imported (AWS::DynamoDB::Table): KeySchema.KeyType is PARTITION but it must be one of [HASH, RANGE]",
                "Provisioned (AWS::DynamoDB::Table): AttributeDefinitions is {Ref=Definitions} but it must be a literal list"
                        + " here (intrinsic functions are not resolved for local tables)",
                "Provisioned (AWS::DynamoDB::Table): ProvisionedThroughput is required with BillingMode PROVISIONED; give"
                        + " ReadCapacityUnits and WriteCapacityUnits, or set BillingMode: PAY_PER_REQUEST");
        assertThat(dynamoDb.admin().listTables().tableNames()).doesNotContain("broken-good");
    }

    @Test
    void createTables_whenATableOfThatNameExists_namesItAndTheFix() {
        SamTemplate template = SamTemplate.parse("twice.yaml", """
                Resources:
                  Once:
                    Type: AWS::Serverless::SimpleTable
                    Properties:
                      TableName: created-twice
                """);
        dynamoDb.createTables(template);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> dynamoDb.createTables(template));

        assertThat(e.problems()).containsExactly("Once: a table named created-twice exists already in this DynamoDB Local;"
                + " create the template's tables once per server, or give the tables different TableNames");
    }

    @Test
    void serverMode_runsInAJvmOfItsOwn_andKeepsItsDataInDbPath(@TempDir Path data) {
        String table;
        try (DynamoDbLocal server = DynamoDbLocal.builder().mode(DynamoDbLocal.Mode.SERVER).dbPath(data).start()) {
            table = server.createTable();
            server.client().putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS("kept"))));
            assertThat(server.mode()).isEqualTo(DynamoDbLocal.Mode.SERVER);
            assertThat(server.endpoint().getPort()).isNotEqualTo(dynamoDb.endpoint().getPort());
        }

        try (DynamoDbLocal again = DynamoDbLocal.builder().mode(DynamoDbLocal.Mode.SERVER).dbPath(data).start();
             DynamoDbClient client = again.client()) {
            assertThat(client.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("kept")))).item())
                    .containsEntry("id", AttributeValue.fromS("kept"));
        }
    }

    @Test
    void serverMode_isReachableByAFunctionInAnotherJvm() {
        try (DynamoDbLocal server = DynamoDbLocal.builder().mode(DynamoDbLocal.Mode.SERVER).start();
             LocalFunction fn = LocalFunction.builder().handler(io.lambdakit.testing.standins.TableCountHandler.class)
                     .environment("DYNAMODB_ENDPOINT", server.endpoint().toString()).start()) {
            String table = server.createTable();

            InvocationResult result = fn.invoke("\"" + table + "\"");

            assertThat(result.error()).isEmpty();
            assertThat(result.response()).isEqualTo("true");
        }
    }

    @Test
    void builder_invalidSettings_reportsEveryProblem(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> DynamoDbLocal.builder().port(70000).dbPath(file).start());

        assertThat(e.problems()).containsExactly("port was 70000 but it must be 1 to 65535, or 0 for a free one",
                "dbPath was " + file + " but it must be a directory (DynamoDB Local keeps its file in it), not a file");
    }
}
