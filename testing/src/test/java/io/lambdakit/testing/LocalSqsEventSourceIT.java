package io.lambdakit.testing;

import io.lambdakit.core.ConfigurationException;
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
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** LocalSqsEventSource against ElasticMQ, a real SQS-compatible server, with a consumer under the real runtime client. */
class LocalSqsEventSourceIT {

    private static SQSRestServer server;
    private static SqsClient sqs;
    private static LocalFunction consumer;

    @BeforeAll
    static void start() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        consumer = LocalFunction.builder().handler(QueueHandler.class).start();
    }

    @AfterAll
    static void stop() {
        consumer.close();
        sqs.close();
        server.stopAndWait();
    }

    private static String queue(Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName("q-" + UUID.randomUUID()).attributes(attributes)).queueUrl();
    }

    private static String arn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    private static String send(String url, String body) {
        return sqs.sendMessage(b -> b.queueUrl(url).messageBody(body)).messageId();
    }

    private static List<String> bodies(String url) {
        List<String> bodies = new ArrayList<>();
        for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
            bodies.add(m.body());
        }
        return bodies;
    }

    @Test
    void reportBatchItemFailures_returnsOnlyTheFailed_thenRedrivesItToTheDeadLetterQueueAfterMaxReceiveCount() {
        String dlq = queue(Map.of());
        String url = queue(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + arn(dlq) + "\",\"maxReceiveCount\":\"2\"}"));
        String good = send(url, "good");
        String poison = send(url, "poison");
        LocalSqsEventSource source = LocalSqsEventSource.builder().sqs(sqs).queueUrl(url).function(consumer)
                .reportBatchItemFailures(true).build();

        List<LocalSqsEventSource.Poll> polls = source.drain(10);

        assertThat(polls).hasSize(2);
        assertThat(polls.get(0).received()).containsExactlyInAnyOrder(good, poison);
        assertThat(polls.get(0).failed()).containsExactly(poison);
        assertThat(polls.get(1).received()).containsExactly(poison);
        assertThat(polls.get(1).failed()).containsExactly(poison);
        assertThat(bodies(dlq)).containsExactly("poison");
        assertThat(polls.get(0).invocation().stdout()).anyMatch(l -> l.contains("source=" + arn(url) + " "));
    }

    @Test
    void withoutReportBatchItemFailures_aSuccessfulInvocationDeletesTheWholeBatch() {
        String url = queue(Map.of());
        send(url, "good");
        send(url, "poison");
        LocalSqsEventSource source = LocalSqsEventSource.builder().sqs(sqs).queueUrl(url).function(consumer).build();

        List<LocalSqsEventSource.Poll> polls = source.drain(10);

        assertThat(polls).singleElement().satisfies(p -> assertThat(p.failed()).isEmpty());
        assertThat(bodies(url)).isEmpty();
    }

    @Test
    void failedInvocation_returnsTheWholeBatchToTheQueue() {
        String url = queue(Map.of());
        String crash = send(url, "crash");
        String good = send(url, "good");
        LocalSqsEventSource source = LocalSqsEventSource.builder().sqs(sqs).queueUrl(url).function(consumer)
                .reportBatchItemFailures(true).build();

        LocalSqsEventSource.Poll poll = source.pollOnce();

        assertThat(poll.invocation().succeeded()).isFalse();
        assertThat(poll.failed()).containsExactlyInAnyOrder(crash, good);
        assertThat(bodies(url)).containsExactlyInAnyOrder("crash", "good");
    }

    @Test
    void anItemIdentifierNotInTheBatch_failsTheWholeBatch_asLambdaDoes() {
        String url = queue(Map.of());
        String unknown = send(url, "unknown-id");
        String good = send(url, "good");
        LocalSqsEventSource source = LocalSqsEventSource.builder().sqs(sqs).queueUrl(url).function(consumer)
                .reportBatchItemFailures(true).build();

        LocalSqsEventSource.Poll poll = source.pollOnce();

        assertThat(poll.invocation().succeeded()).isTrue();
        assertThat(poll.failed()).containsExactlyInAnyOrder(unknown, good);
    }

    @Test
    void batchSize_limitsEachInvocation_andMessageAttributesReachTheFunction() {
        String url = queue(Map.of());
        for (int i = 0; i < 3; i++) {
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("m").messageAttributes(Map.of("color",
                    MessageAttributeValue.builder().dataType("String").stringValue("blue").build())));
        }
        LocalSqsEventSource source = LocalSqsEventSource.builder().sqs(sqs).queueUrl(url).function(consumer).batchSize(2).build();

        List<LocalSqsEventSource.Poll> polls = source.drain(10);

        assertThat(polls).extracting(p -> p.received().size()).containsExactly(2, 1);
        assertThat(polls.get(0).invocation().stdout()).filteredOn(l -> l.startsWith("body=")).hasSize(2)
                .allMatch(l -> l.contains("color=blue") && l.contains("receives=1"));
    }

    @Test
    void fifoQueue_deliversEachGroupInOrder_andKeepsAFailedMessageAheadOfItsGroup() {
        String url = sqs.createQueue(b -> b.queueName("ordered-" + UUID.randomUUID() + ".fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();
        for (String body : List.of("a1", "poison-a2", "a3")) {
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageGroupId("a"));
        }
        LocalSqsEventSource source = LocalSqsEventSource.builder().sqs(sqs).queueUrl(url).function(consumer)
                .reportBatchItemFailures(true).batchSize(10).build();

        LocalSqsEventSource.Poll first = source.pollOnce();

        List<String> seen = new ArrayList<>();
        first.invocation().stdout().stream().filter(l -> l.startsWith("body=")).forEach(l -> seen.add(l.substring(5, l.indexOf(' '))));
        assertThat(seen).containsExactly("a1", "poison-a2", "a3");
        assertThat(first.invocation().stdout()).filteredOn(l -> l.startsWith("body=")).allMatch(l -> l.contains("group=a"));
        assertThat(first.failed()).hasSize(1);
        assertThat(bodies(url)).containsExactly("poison-a2");
    }

    @Test
    void createQueues_fromTheTemplate_appliesRedriveFifoAndTimeouts() {
        SamTemplate template = SamTemplate.read(SamTemplateTest.TEMPLATE);

        Map<String, String> queues = LocalSqsEventSource.createQueues(sqs, template);

        assertThat(queues).containsOnlyKeys("WorkQueue", "WorkDeadLetterQueue", "OrderedQueue");
        assertThat(queues.get("OrderedQueue")).endsWith("OrderedQueue.fifo");
        Map<QueueAttributeName, String> work = sqs.getQueueAttributes(b -> b.queueUrl(queues.get("WorkQueue"))
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(work.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("60");
        assertThat(work.get(QueueAttributeName.REDRIVE_POLICY)).contains(arn(queues.get("WorkDeadLetterQueue")))
                .contains("maxReceiveCount");
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(queues.get("OrderedQueue")).attributeNames(QueueAttributeName.FIFO_QUEUE))
                .attributes()).containsEntry(QueueAttributeName.FIFO_QUEUE, "true");
        LocalSqsEventSource source = LocalSqsEventSource.builder().sqs(sqs).queueUrl(queues.get("WorkQueue")).function(consumer)
                .settingsOf(template.function("QueueFunction")).build();
        send(queues.get("WorkQueue"), "poison-template");
        assertThat(source.drain(10)).hasSize(2);
        assertThat(bodies(queues.get("WorkDeadLetterQueue"))).containsExactly("poison-template");
    }

    @Test
    void build_invalidSettings_reportsEveryProblem() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> LocalSqsEventSource.builder()
                .queueUrl("http://127.0.0.1/q.fifo").batchSize(11).retryDelay(Duration.ofMillis(1500)).build());

        assertThat(e.problems()).containsExactly("sqs was not set; call sqs(client) with a client of the queue service",
                "function was not set; call function(localFunction) with the consumer",
                "batchSize was 11 but it must be 1 to 10 for a FIFO queue",
                "retryDelay was PT1.5S but it must be whole seconds from 0 to 12 hours (SQS's visibility timeout)");
    }
}
