package io.lambdakit.testing.docs;

import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.testing.LocalApiGateway;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.LocalSqsEventSource;
import io.lambdakit.testing.SamTemplate;
import io.lambdakit.testing.standins.ApiHandler;
import io.lambdakit.testing.standins.QueueHandler;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/testing.md's local run of a user's own template: tables, queues, the API front door and the queue poller. */
class LocalRunExampleIT {

    private static DynamoDbLocal dynamoDb;
    private static SQSRestServer elasticMq;
    private static SqsClient sqs;
    private static SamTemplate template;
    private static Map<String, String> references;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void createTheTemplatesResources() {
        dynamoDb = DynamoDbLocal.start();
        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        // docs:begin template-resources
        template = SamTemplate.read(Path.of("src/test/resources/standins/template.yaml"));
        references = new HashMap<>(dynamoDb.createTables(template));           // OrdersTable -> its local table name
        references.putAll(LocalSqsEventSource.createQueues(sqs, template));   // WorkQueue -> its local queue URL
        // docs:end template-resources
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.stopAndWait();
        dynamoDb.close();
    }

    @Test
    void apiFunction_behindTheLocalApiGateway_getsTheTemplatesEnvironment() throws Exception {
        references.put("WorkQueue.Arn", "arn:aws:sqs:us-east-1:000000000000:WorkQueue");
        // docs:begin api-gateway
        try (LocalFunction api = LocalFunction.builder().handler(ApiHandler.class)
                     .environment(template.environment("ApiFunction", references))   // every !Ref resolved locally
                     .environment("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString())
                     .start();
             LocalApiGateway gateway = LocalApiGateway.builder()
                     .routes(template.function("ApiFunction"), api)                  // its Api events: GET /orders/{id}, POST /orders
                     .start()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.endpoint().resolve("/orders/o-1")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(api.environment()).containsEntry("ORDERS_TABLE", "OrdersTable");
        }
        // docs:end api-gateway
    }

    @Test
    void queueFunction_behindTheLocalSqsEventSource_redrivesAPoisonMessage() {
        // docs:begin sqs-event-source
        try (LocalFunction consumer = LocalFunction.builder().handler(QueueHandler.class).start()) {
            LocalSqsEventSource work = LocalSqsEventSource.builder().sqs(sqs).queueUrl(references.get("WorkQueue"))
                    .function(consumer)
                    .settingsOf(template.function("QueueFunction"))   // BatchSize 5, ReportBatchItemFailures
                    .build();
            sqs.sendMessage(b -> b.queueUrl(work.queueUrl()).messageBody("poison"));

            List<LocalSqsEventSource.Poll> polls = work.drain(10);

            assertThat(polls).hasSize(2);   // failed twice (maxReceiveCount: 2), then moved to WorkDeadLetterQueue
            assertThat(sqs.receiveMessage(b -> b.queueUrl(references.get("WorkDeadLetterQueue")).waitTimeSeconds(1)).messages()).hasSize(1);
        }
        // docs:end sqs-event-source
    }
}
