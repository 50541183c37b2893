package io.lambdakit.testing.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.core.Environment;
import io.lambdakit.idempotency.DynamoDbIdempotencyStore;
import io.lambdakit.idempotency.spi.IdempotencyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The DynamoDB store passes the store contract against DynamoDB Local, over HTTP with the url-connection client. */
class DynamoDbIdempotencyStoreContractIT extends IdempotencyStoreContract {

    private static DynamoDbLocal dynamoDb;
    private static String table;

    @BeforeAll
    static void startDynamoDb() {
        dynamoDb = DynamoDbLocal.start();
        table = dynamoDb.createTableWithoutTtl();
    }

    @AfterAll
    static void stopDynamoDb() {
        dynamoDb.close();
    }

    @Override
    protected IdempotencyStore createStore() {
        return DynamoDbIdempotencyStore.builder().tableName(table).client(dynamoDb.client())
                .environment(Environment.empty()).build();
    }
}
