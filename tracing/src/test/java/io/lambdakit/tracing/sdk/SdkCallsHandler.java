package io.lambdakit.tracing.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.Environment;
import io.lambdakit.tracing.Tracer;
import io.lambdakit.tracing.Tracing;
import io.lambdakit.tracing.TracingInterceptor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * Makes a DynamoDB call (ListTables, its {@code ExclusiveStartTableName} naming the moment) at init, one inside
 * each invocation, and one from a thread the invocation starts that waits, after the handler has returned, for
 * the test to open {@code GET /gate} on the endpoint {@code SDK_ENDPOINT}.
 */
public class SdkCallsHandler implements RequestHandler<Map<String, String>, String> {

    private final Tracer tracer = Tracer.current();
    private final String endpoint = Environment.system().get("SDK_ENDPOINT")
            .orElseThrow(() -> new IllegalStateException("set SDK_ENDPOINT to the test's HTTP server"));
    private final DynamoDbClient ddb = DynamoDbClient.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.EU_WEST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.addExecutionInterceptor(new TracingInterceptor(tracer)))
            .build();

    public SdkCallsHandler() {
        ddb.listTables(b -> b.exclusiveStartTableName("init"));
    }

    @Override
    public String handleRequest(Map<String, String> event, Context context) {
        return tracer.execute(context, () -> {
            ddb.listTables(b -> b.exclusiveStartTableName("invocation-" + event.get("n")));
            Thread worker = new Thread(() -> {
                awaitGate();
                ddb.listTables(b -> b.exclusiveStartTableName("after-" + event.get("n")));
            }, "outlives-the-handler");
            worker.setDaemon(true);
            worker.start();
            return "ok";
        });
    }

    private void awaitGate() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/gate").toURL().openConnection();
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
