package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
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
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partial batch failures against a real queue: ElasticMQ (an SQS-compatible server) on loopback,
 * a dead-letter queue with a redrive policy, and the function running under the real Lambda
 * runtime interface client. The test plays Lambda's event source mapping: it polls, hands the
 * messages to the function as an {@code SQSEvent}, deletes what the function did not report as
 * failed, and lets the rest come back after the visibility timeout until redrive dead-letters them.
 */
class SqsQueueIT {

    private static final int VISIBILITY_TIMEOUT_SECONDS = 2;
    private static final int MAX_RECEIVE_COUNT = 2;
    private static final Pattern PROCESSED = Pattern.compile("processed (\\S+) attempt (\\d+) request (\\S+) thread (\\S+)");

    private static SQSRestServer server;
    private static SqsClient sqs;

    /** One delivery of one message to the function, and what the function said about it. */
    private record Delivery(String orderKey, String messageId, int receiveCount, String requestId, boolean reportedFailed) {
    }

    @BeforeAll
    static void startQueueServer() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stopQueueServer() {
        if (sqs != null) {
            sqs.close();
        }
        if (server != null) {
            server.stopAndWait();
        }
    }

    @Test
    void queue_withPartialFailures_deletesSuccesses_redeliversFailures_deadLettersPoison_losesNothing() {
        String dlqUrl = sqs.createQueue(r -> r.queueName("orders-dlq")).queueUrl();
        String dlqArn = arn(dlqUrl);
        String queueUrl = sqs.createQueue(r -> r.queueName("orders").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(VISIBILITY_TIMEOUT_SECONDS),
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}")))
                .queueUrl();
        String queueArn = arn(queueUrl);

        Map<String, String> bodies = new LinkedHashMap<>();
        for (int i = 1; i <= 9; i++) {
            bodies.put("o-" + i, "{\"id\":\"o-" + i + "\",\"quantity\":" + i + ",\"price\":2.50}");
        }
        bodies.put("flaky-1", "{\"id\":\"flaky-1\",\"quantity\":1}");
        bodies.put("poison-1", "{\"id\":\"poison-1\",\"quantity\":1}");
        bodies.put("undecodable-1", "this is not an order");
        sendAll(queueUrl, bodies);

        List<Delivery> deliveries = new ArrayList<>();
        Map<String, Integer> processedCount = new HashMap<>();
        List<String> processedOrder = new ArrayList<>();
        try (LocalFunction fn = LocalFunction.builder()
                .handler(OrdersQueueHandler.class)
                .environment("LAMBDAKIT_BATCH_PARALLELISM", "4")
                .timeout(Duration.ofSeconds(30))
                .start()) {
            assertThat(fn.usesNativeRuntimeClient()).as("the real runtime client with its native library").isTrue();
            // warm the function so that the first real batch is handled well within the visibility timeout
            assertThat(fn.invoke("{\"Records\":[]}").succeeded()).isTrue(); // an empty batch

            runEventSourceMapping(fn, queueUrl, queueArn, () -> inFlight(queueUrl) == 0 && messagesIn(dlqUrl) >= 2,
                    deliveries, processedCount, processedOrder);
        }

        // succeeded messages: processed once, never reported, deleted
        for (int i = 1; i <= 9; i++) {
            String key = "o-" + i;
            assertThat(deliveriesOf(deliveries, key)).as(key).singleElement().satisfies(d -> assertThat(d.reportedFailed()).isFalse());
            assertThat(processedCount).containsEntry(key, 1);
        }
        // a transient failure: reported, back after the visibility timeout, then processed and deleted
        assertThat(deliveriesOf(deliveries, "flaky-1")).extracting(Delivery::receiveCount, Delivery::reportedFailed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, true), org.assertj.core.groups.Tuple.tuple(2, false));
        assertThat(processedCount).containsEntry("flaky-1", 1);
        // poison and undecodable messages: reported on every delivery, then dead-lettered by redrive
        for (String key : List.of("poison-1", "undecodable-1")) {
            assertThat(deliveriesOf(deliveries, key)).as(key).hasSize(MAX_RECEIVE_COUNT)
                    .allSatisfy(d -> assertThat(d.reportedFailed()).isTrue());
            assertThat(processedCount).doesNotContainKey(key);
        }
        // nothing lost: the queue is empty and what was not processed is in the dead-letter queue, intact
        assertThat(inFlight(queueUrl)).isZero();
        List<String> deadLettered = drain(dlqUrl);
        assertThat(deadLettered).containsExactlyInAnyOrder(bodies.get("poison-1"), bodies.get("undecodable-1"));
        Set<String> accountedFor = new HashSet<>(processedCount.keySet());
        deadLettered.forEach(b -> accountedFor.add(keyOf(b)));
        assertThat(accountedFor).containsExactlyInAnyOrderElementsOf(bodies.keySet());
    }

    @Test
    void fifoQueue_withSkipGroupOnError_keepsEachGroupsOrderAcrossRedelivery_andOtherGroupsGoOn() {
        String queueUrl = sqs.createQueue(r -> r.queueName("payments.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(VISIBILITY_TIMEOUT_SECONDS)))).queueUrl();
        String queueArn = arn(queueUrl);
        List<String> groupA = List.of("a-1", "a-2-flaky", "a-3", "a-4");
        List<String> groupB = List.of("b-1", "b-2", "b-3");
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (List<String> group : List.of(groupA, groupB)) {
                if (i < group.size()) {
                    String id = group.get(i);
                    entries.add(SendMessageBatchRequestEntry.builder().id("e" + entries.size())
                            .messageGroupId(id.substring(0, 1)).messageBody("{\"id\":\"" + id + "\",\"quantity\":1}").build());
                }
            }
        }
        assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();

        List<Delivery> deliveries = new ArrayList<>();
        Map<String, Integer> processedCount = new HashMap<>();
        List<String> processedOrder = new ArrayList<>();
        try (LocalFunction fn = LocalFunction.builder().handler(FifoOrdersHandler.class).timeout(Duration.ofSeconds(30)).start()) {
            assertThat(fn.invoke("{\"Records\":[]}").succeeded()).isTrue(); // an empty batch
            runEventSourceMapping(fn, queueUrl, queueArn, () -> inFlight(queueUrl) == 0, deliveries, processedCount, processedOrder);
        }

        assertThat(processedOrder.stream().filter(id -> id.startsWith("a")).toList()).containsExactlyElementsOf(groupA);
        assertThat(processedOrder.stream().filter(id -> id.startsWith("b")).toList()).containsExactlyElementsOf(groupB);
        assertThat(processedCount.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        // the flaky message was reported on its first delivery together with everything after it in its group
        Delivery firstFlaky = deliveriesOf(deliveries, "a-2-flaky").get(0);
        assertThat(firstFlaky.reportedFailed()).isTrue();
        assertThat(deliveries).filteredOn(d -> d.requestId().equals(firstFlaky.requestId()) && d.orderKey().startsWith("a"))
                .allSatisfy(d -> assertThat(d.reportedFailed()).isEqualTo(!d.orderKey().equals("a-1")));
        // group b was not held back by group a's failure
        assertThat(deliveriesOf(deliveries, "b-1")).allSatisfy(d -> assertThat(d.reportedFailed()).isFalse());
        assertThat(deliveries).filteredOn(d -> d.orderKey().startsWith("b")).allSatisfy(d -> assertThat(d.reportedFailed()).isFalse());
        assertThat(inFlight(queueUrl)).isZero();
    }

    /**
     * Plays Lambda's SQS event source mapping until {@code done}: receive, invoke, delete what was
     * not reported as failed, and record every delivery and every "processed" line.
     */
    private static void runEventSourceMapping(LocalFunction fn, String queueUrl, String queueArn, java.util.function.BooleanSupplier done,
                                              List<Delivery> deliveries, Map<String, Integer> processedCount, List<String> processedOrder) {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(giveUp) && !done.getAsBoolean()) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNamesWithStrings("All")).messages();
            if (messages.isEmpty()) {
                continue;
            }
            InvocationResult result = fn.invoke(toEvent(messages, queueArn));
            assertThat(result.succeeded()).as("invocation %s: %s", result.requestId(), result.error()).isTrue();

            Set<String> failed = new HashSet<>();
            for (JsonNode f : result.responseJson().path("batchItemFailures")) {
                failed.add(f.path("itemIdentifier").asText());
            }
            List<DeleteMessageBatchRequestEntry> succeeded = new ArrayList<>();
            for (Message m : messages) {
                deliveries.add(new Delivery(keyOf(m.body()), m.messageId(),
                        Integer.parseInt(m.attributesAsStrings().get("ApproximateReceiveCount")), result.requestId(), failed.contains(m.messageId())));
                if (!failed.contains(m.messageId())) {
                    succeeded.add(DeleteMessageBatchRequestEntry.builder().id("d" + succeeded.size()).receiptHandle(m.receiptHandle()).build());
                }
            }
            if (!succeeded.isEmpty()) {
                assertThat(sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(succeeded)).failed()).isEmpty();
            }
            for (String line : result.stdout()) {
                Matcher m = PROCESSED.matcher(line);
                if (m.find()) {
                    processedCount.merge(m.group(1), 1, Integer::sum);
                    processedOrder.add(m.group(1));
                    assertThat(m.group(3)).as("request id seen by the worker thread").isEqualTo(result.requestId());
                }
            }
        }
    }

    private static List<Delivery> deliveriesOf(List<Delivery> deliveries, String key) {
        return deliveries.stream().filter(d -> d.orderKey().equals(key)).toList();
    }

    private static String keyOf(String body) {
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(body);
        return m.find() ? m.group(1) : "undecodable-1";
    }

    private static void sendAll(String queueUrl, Map<String, String> bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            entries.add(SendMessageBatchRequestEntry.builder().id("e" + entries.size()).messageBody(e.getValue()).build());
            if (entries.size() == 10) {
                List<SendMessageBatchRequestEntry> batch = List.copyOf(entries);
                assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(batch)).failed()).isEmpty();
                entries.clear();
            }
        }
        if (!entries.isEmpty()) {
            assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();
        }
    }

    /** The event Lambda's SQS event source mapping would build from these messages. */
    private static SQSEvent toEvent(List<Message> messages, String queueArn) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            r.setAttributes(new HashMap<>(m.attributesAsStrings()));
            r.setMessageAttributes(new HashMap<>());
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(queueArn);
            r.setAwsRegion("eu-west-1");
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static String arn(String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static int inFlight(String queueUrl) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    private static int messagesIn(String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static List<String> drain(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        List<Message> messages;
        do {
            messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            messages.forEach(m -> bodies.add(m.body()));
        } while (!messages.isEmpty());
        return bodies;
    }
}
