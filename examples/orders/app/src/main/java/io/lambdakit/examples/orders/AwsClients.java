package io.lambdakit.examples.orders;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.tracing.TracingInterceptor;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one DynamoDB client both the app and the idempotency store use, created at init (so SnapStart
 * snapshots it): the url-connection HTTP client (the lightest), the role's credentials straight from
 * the environment inside Lambda, and lambdakit's tracing interceptor, which records each call as an
 * X-Ray subsegment. An endpoint override (DynamoDB Local) comes from the SDK's own
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, so the code is the same locally and in AWS.
 */
public final class AwsClients {

    private AwsClients() {
    }

    /**
     * @param env the function's environment
     * @return a DynamoDB client for the function's region
     */
    public static DynamoDbClient dynamoDb(Environment env) {
        ConfigurationException.problems("orders").require(env.region().isPresent(),
                "AWS_REGION is not set; Lambda sets it, set it yourself to run the handler elsewhere").throwIfAny();
        Region region = Region.of(env.region().orElseThrow());
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(region)
                .credentialsProvider(credentials(env))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new TracingInterceptor()))
                .build();
    }

    private static AwsCredentialsProvider credentials(Environment env) {
        // Inside Lambda the role's credentials are in the environment: skip the provider chain's probing.
        return env.isLambda() && env.sessionToken().isPresent()
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
    }
}
