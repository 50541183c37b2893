package io.lambdakit.testing.standins;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;

/** Answers whether a table exists at DYNAMODB_ENDPOINT, with the function's own (fake) credentials. */
public class TableCountHandler implements RequestHandler<String, Boolean> {

    private final DynamoDbClient client = DynamoDbClient.builder()
            .endpointOverride(URI.create(io.lambdakit.core.Environment.system().get("DYNAMODB_ENDPOINT").orElseThrow()))
            .region(Region.of(io.lambdakit.core.Environment.system().region().orElseThrow()))
            .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
            .httpClient(UrlConnectionHttpClient.create())
            .build();

    @Override
    public Boolean handleRequest(String table, Context context) {
        return client.listTables().tableNames().contains(table);
    }
}
