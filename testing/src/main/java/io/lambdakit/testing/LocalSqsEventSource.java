package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Json;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Lambda's SQS event source mapping does, against a real SQS-compatible queue (ElasticMQ, say)
 * reached through the {@link SqsClient} you pass: {@link #pollOnce()} receives a batch, invokes the
 * {@link LocalFunction} with an {@code SQSEvent} as Lambda builds it (attributes, message attributes,
 * {@code eventSourceARN}, {@code awsRegion}), deletes what succeeded and returns the rest to the queue.
 * With {@code ReportBatchItemFailures} ({@link Builder#reportBatchItemFailures(boolean)}) only the
 * messages in the response's {@code batchItemFailures} go back, and a response Lambda would reject (an
 * id not in the batch, an empty or missing {@code itemIdentifier}, a response that is not JSON) fails
 * the whole batch, as Lambda does; without it, any failed invocation returns the whole batch. A
 * message that keeps failing moves to the dead-letter queue when the queue's own {@code RedrivePolicy}
 * says so (the queue counts the receives, as SQS does). FIFO queues keep their order: the queue does
 * not deliver a group's next message while one is in flight.
 *
 * <p>One difference, to keep tests fast: a returned message is visible again after
 * {@link Builder#retryDelay(Duration)} (default at once), where Lambda leaves it to the queue's
 * visibility timeout.
 *
 * <p>{@code software.amazon.awssdk:sqs} is an optional dependency of lambdakit-testing: add it (test
 * scope) to use this class; {@link #builder()} names the coordinate when it is missing.
 */
public final class LocalSqsEventSource {

    /** The coordinate of the SDK's SQS client, which users add to their test dependencies. */
    public static final String COORDINATE = "software.amazon.awssdk:sqs";

    private static final String PROBE_CLASS = "software.amazon.awssdk.services.sqs.SqsClient";
    private static final int RECEIVE_MAX = 10;

    /**
     * One receive-invoke-delete round.
     *
     * @param received   the ids of the messages received, in batch order
     * @param failed     the ids returned to the queue: those the function reported, or the whole batch
     *                   when the invocation failed or its response was rejected
     * @param invocation the invocation, or null when the queue had nothing to deliver
     */
    public record Poll(List<String> received, List<String> failed, InvocationResult invocation) {
        /** @return true when the queue had nothing to deliver */
        public boolean empty() {
            return received.isEmpty();
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final LocalFunction function;
    private final int batchSize;
    private final boolean reportBatchItemFailures;
    private final int retryDelaySeconds;
    private final int receiveWaitSeconds;

    private LocalSqsEventSource(Builder b, String queueArn) {
        this.sqs = b.sqs;
        this.queueUrl = b.queueUrl;
        this.queueArn = queueArn;
        String[] arn = queueArn.split(":", -1);
        this.region = b.region != null ? b.region : arn.length > 3 && !arn[3].isEmpty() ? arn[3] : "us-east-1";
        this.function = b.function;
        this.batchSize = b.batchSize;
        this.reportBatchItemFailures = b.reportBatchItemFailures;
        this.retryDelaySeconds = (int) b.retryDelay.toSeconds();
        this.receiveWaitSeconds = (int) b.receiveWaitTime.toSeconds();
    }

    /**
     * @return a builder; {@code sqs}, {@code queueUrl} and {@code function} are required
     * @throws LocalFunctionException when {@code software.amazon.awssdk:sqs} is not on the class path
     */
    public static Builder builder() {
        requireSqs("LocalSqsEventSource");
        return new Builder();
    }

    /** @return the queue polled */
    public String queueUrl() {
        return queueUrl;
    }

    /** @return its ARN, the records' {@code eventSourceARN} */
    public String queueArn() {
        return queueArn;
    }

    /**
     * Receives up to the batch size (waiting up to the receive wait time for the first message), invokes the
     * function once with all of them, deletes the succeeded and returns the failed to the queue.
     *
     * @return what the round did
     */
    public Poll pollOnce() {
        List<Message> messages = new ArrayList<>();
        while (messages.size() < batchSize) {
            int wanted = Math.min(RECEIVE_MAX, batchSize - messages.size());
            int wait = messages.isEmpty() ? receiveWaitSeconds : 0;
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(wanted)
                    .waitTimeSeconds(wait).messageSystemAttributeNamesWithStrings("All")
                    .messageAttributeNames("All")).messages();
            messages.addAll(received);
            if (received.size() < wanted) {
                break;
            }
        }
        List<String> ids = new ArrayList<>();
        for (Message m : messages) {
            ids.add(m.messageId());
        }
        if (messages.isEmpty()) {
            return new Poll(List.of(), List.of(), null);
        }
        InvocationResult result = function.invoke(event(messages));
        List<String> failed = failed(result, ids);
        Set<String> back = new HashSet<>(failed);
        for (Message m : messages) {
            if (back.contains(m.messageId())) {
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(retryDelaySeconds));
            } else {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return new Poll(List.copyOf(ids), List.copyOf(failed), result);
    }

    /**
     * Polls until a poll receives nothing: every message succeeded, or moved to the dead-letter queue.
     *
     * @param maxPolls how many polls at most
     * @return the polls that received messages, in order
     * @throws LocalFunctionException when the queue still delivered messages after {@code maxPolls} polls (a
     *                                message that keeps failing on a queue without a {@code RedrivePolicy})
     */
    public List<Poll> drain(int maxPolls) {
        List<Poll> polls = new ArrayList<>();
        for (int i = 0; i < maxPolls; i++) {
            Poll poll = pollOnce();
            if (poll.empty()) {
                return polls;
            }
            polls.add(poll);
        }
        throw new LocalFunctionException(queueUrl + " still delivered messages after " + maxPolls + " polls (the last"
                + " returned " + polls.get(polls.size() - 1).failed() + "); a message that always fails needs a RedrivePolicy"
                + " on its queue, or allow more polls");
    }

    /** Lambda's rules for the response of a batch under ReportBatchItemFailures. */
    private List<String> failed(InvocationResult result, List<String> ids) {
        if (!result.succeeded()) {
            return ids;
        }
        if (!reportBatchItemFailures) {
            return List.of();
        }
        String response = result.response();
        if (response == null || response.isBlank() || response.trim().equals("null")) {
            return List.of();
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(response);
        } catch (java.io.IOException e) {
            return ids;
        }
        if (json == null || json.isNull() || json.isObject() && json.isEmpty()) {
            return List.of();
        }
        JsonNode failures = json.path("batchItemFailures");
        if (failures.isMissingNode() || failures.isNull()) {
            return List.of();
        }
        if (!failures.isArray()) {
            return ids;
        }
        List<String> failed = new ArrayList<>();
        for (JsonNode f : failures) {
            JsonNode id = f.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !ids.contains(id.asText())) {
                return ids;
            }
            if (!failed.contains(id.asText())) {
                failed.add(id.asText());
            }
        }
        return failed;
    }

    private String event(List<Message> messages) {
        ObjectNode event = Json.mapper().createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", m.messageId());
            record.put("receiptHandle", m.receiptHandle());
            record.put("body", m.body());
            ObjectNode attributes = record.putObject("attributes");
            for (Map.Entry<String, String> a : m.attributesAsStrings().entrySet()) {
                attributes.put(a.getKey(), a.getValue());
            }
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            for (Map.Entry<String, MessageAttributeValue> a : m.messageAttributes().entrySet()) {
                MessageAttributeValue v = a.getValue();
                ObjectNode value = messageAttributes.putObject(a.getKey());
                value.put("stringValue", v.stringValue());
                value.put("binaryValue", v.binaryValue() == null ? null
                        : Base64.getEncoder().encodeToString(v.binaryValue().asByteArray()));
                value.putArray("stringListValues");
                value.putArray("binaryListValues");
                value.put("dataType", v.dataType());
            }
            record.put("md5OfBody", m.md5OfBody());
            if (m.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return event.toString();
    }

    /**
     * Creates every {@code AWS::SQS::Queue} of a template in the queue service behind {@code sqs}, with its
     * {@code RedrivePolicy} (dead-letter queues first), FIFO settings, visibility timeout, delay, retention and
     * maximum message size as declared. A queue is named by its literal {@code QueueName}, else by its logical id
     * ({@code .fifo} added for a FIFO queue). Encryption and tags have no local effect and are ignored. The
     * template is checked whole before any queue is created.
     *
     * @param sqs      a client of the local queue service
     * @param template the template
     * @return each queue's URL by logical id (what {@code !Ref} gives in AWS): references for
     *         {@link SamTemplate#environment(String, Map)}
     * @throws ConfigurationException naming every queue and property that cannot be created locally
     * @throws LocalFunctionException when {@code software.amazon.awssdk:sqs} is not on the class path
     */
    public static Map<String, String> createQueues(SqsClient sqs, SamTemplate template) {
        requireSqs("LocalSqsEventSource.createQueues");
        return TemplateQueues.create(sqs, template);
    }

    static void requireSqs(String who) {
        try {
            Class.forName(PROBE_CLASS, false, LocalSqsEventSource.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new LocalFunctionException(who + " needs the SDK's SQS client on the test class path, and " + PROBE_CLASS
                    + " was not found; add the dependency " + COORDINATE + " (test scope) next to lambdakit-testing", e);
        }
    }

    /** Settings of a {@link LocalSqsEventSource}; {@link #build()} validates them all at once. */
    public static final class Builder {
        private SqsClient sqs;
        private String queueUrl;
        private String queueArn;
        private String region;
        private LocalFunction function;
        private int batchSize = 10;
        private boolean reportBatchItemFailures;
        private Duration retryDelay = Duration.ZERO;
        private Duration receiveWaitTime = Duration.ofSeconds(1);

        private Builder() {
        }

        /**
         * @param sqs a client of the queue service (ElasticMQ, say); yours to close
         * @return this builder
         */
        public Builder sqs(SqsClient sqs) {
            this.sqs = sqs;
            return this;
        }

        /**
         * @param queueUrl the queue to poll
         * @return this builder
         */
        public Builder queueUrl(String queueUrl) {
            this.queueUrl = queueUrl;
            return this;
        }

        /**
         * @param queueArn the records' {@code eventSourceARN}; default: the queue's {@code QueueArn} attribute
         * @return this builder
         */
        public Builder queueArn(String queueArn) {
            this.queueArn = queueArn;
            return this;
        }

        /**
         * @param region the records' {@code awsRegion}; default: the region in the queue's ARN (ElasticMQ's is
         *               {@code elasticmq} unless its server is given a region)
         * @return this builder
         */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /**
         * @param function the consumer
         * @return this builder
         */
        public Builder function(LocalFunction function) {
            this.function = function;
            return this;
        }

        /**
         * @param batchSize the event source's {@code BatchSize}: 1 to 10,000 (at most 10 for a FIFO queue); default 10
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param enabled whether the mapping has {@code FunctionResponseTypes: [ReportBatchItemFailures]};
         *                default false, as in Lambda
         * @return this builder
         */
        public Builder reportBatchItemFailures(boolean enabled) {
            this.reportBatchItemFailures = enabled;
            return this;
        }

        /**
         * Takes {@code BatchSize} and {@code FunctionResponseTypes} from the function's one {@code SQS} event.
         *
         * @param function a function of a {@link SamTemplate}
         * @return this builder
         * @throws LocalFunctionException when the function has no SQS event, or more than one
         */
        public Builder settingsOf(SamTemplate.Function function) {
            Map<String, Map<String, Object>> events = function.events("SQS");
            if (events.size() != 1) {
                throw new LocalFunctionException(function.logicalId() + " has " + events.size() + " events of Type SQS "
                        + events.keySet() + "; settingsOf needs exactly one: set batchSize(..) and reportBatchItemFailures(..)"
                        + " yourself");
            }
            Map<String, Object> properties = events.values().iterator().next();
            Object size = properties.get("BatchSize");
            if (size instanceof Number n) {
                batchSize = n.intValue();
            }
            Object types = properties.get("FunctionResponseTypes");
            reportBatchItemFailures = types instanceof List<?> list && list.contains("ReportBatchItemFailures");
            return this;
        }

        /**
         * @param delay how long a returned message stays invisible, whole seconds up to 12 hours; default zero (it
         *              comes back at the next poll). Lambda leaves it to the queue's visibility timeout.
         * @return this builder
         */
        public Builder retryDelay(Duration delay) {
            this.retryDelay = delay;
            return this;
        }

        /**
         * @param wait how long a poll waits for a first message (SQS long polling), whole seconds up to 20; default 1 s
         * @return this builder
         */
        public Builder receiveWaitTime(Duration wait) {
            this.receiveWaitTime = wait;
            return this;
        }

        /**
         * @return the event source; nothing is received before {@link #pollOnce()}
         * @throws ConfigurationException naming every invalid setting
         */
        public LocalSqsEventSource build() {
            ConfigurationException.Problems problems = ConfigurationException.problems("LocalSqsEventSource");
            problems.require(sqs != null, "sqs was not set; call sqs(client) with a client of the queue service");
            problems.require(queueUrl != null && !queueUrl.isBlank(), "queueUrl was not set; call queueUrl(url)");
            problems.require(function != null, "function was not set; call function(localFunction) with the consumer");
            boolean fifo = queueUrl != null && queueUrl.endsWith(".fifo");
            problems.require(batchSize >= 1 && batchSize <= (fifo ? 10 : 10_000), "batchSize was " + batchSize
                    + " but it must be 1 to " + (fifo ? "10 for a FIFO queue" : "10000"));
            problems.require(retryDelay != null && !retryDelay.isNegative() && retryDelay.toSeconds() <= 43_200
                    && retryDelay.toNanos() % 1_000_000_000L == 0, "retryDelay was " + retryDelay
                    + " but it must be whole seconds from 0 to 12 hours (SQS's visibility timeout)");
            problems.require(receiveWaitTime != null && !receiveWaitTime.isNegative() && receiveWaitTime.toSeconds() <= 20
                    && receiveWaitTime.toNanos() % 1_000_000_000L == 0, "receiveWaitTime was " + receiveWaitTime
                    + " but it must be whole seconds from 0 to 20 (SQS's long polling)");
            problems.throwIfAny();
            String arn = queueArn != null ? queueArn : sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            return new LocalSqsEventSource(this, arn == null ? queueUrl : arn);
        }
    }
}
