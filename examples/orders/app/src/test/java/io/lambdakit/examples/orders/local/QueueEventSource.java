package io.lambdakit.examples.orders.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lambdakit.core.Json;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does with {@code ReportBatchItemFailures}, against the local
 * queue: receive a batch, invoke the function with an {@code SQSEvent}, delete the messages that
 * succeeded and leave the ones in {@code batchItemFailures} (all of them, when the invocation failed)
 * on the queue. One difference, to keep the local run short: a failed message is made visible again
 * at once, where Lambda waits for the queue's visibility timeout.
 */
public final class QueueEventSource {

    /**
     * One poll.
     *
     * @param received   the message ids received, in order
     * @param failed     the ids the function reported (or all, when the invocation failed)
     * @param invocation the invocation, or null when nothing was received
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
    private final LocalFunction function;
    private final int batchSize;

    /**
     * @param sqs       the local SQS
     * @param queueUrl  the queue
     * @param queueArn  its ARN (the records' eventSourceARN)
     * @param function  the consumer
     * @param batchSize the event source's BatchSize
     */
    public QueueEventSource(SqsClient sqs, String queueUrl, String queueArn, LocalFunction function, int batchSize) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.function = function;
        this.batchSize = batchSize;
    }

    /** @return what one receive-invoke-delete round did */
    public Poll pollOnce() {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                .waitTimeSeconds(1).messageSystemAttributeNamesWithStrings("All")).messages();
        List<String> ids = messages.stream().map(Message::messageId).toList();
        if (messages.isEmpty()) {
            return new Poll(ids, List.of(), null);
        }
        InvocationResult result = function.invoke(event(messages));
        Set<String> failed = result.succeeded()
                ? result.responseAs(SQSBatchResponse.class).getBatchItemFailures().stream()
                        .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet())
                : Set.copyOf(ids);
        for (Message m : messages) {
            if (failed.contains(m.messageId())) {
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
            } else {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        List<String> failedInOrder = new ArrayList<>();
        if (result.succeeded()) {
            result.responseAs(SQSBatchResponse.class).getBatchItemFailures()
                    .forEach(f -> failedInOrder.add(f.getItemIdentifier()));
        } else {
            failedInOrder.addAll(ids);
        }
        return new Poll(ids, failedInOrder, result);
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
            for (Map.Entry<MessageSystemAttributeName, String> a : m.attributes().entrySet()) {
                attributes.put(a.getKey().toString(), a.getValue());
            }
            record.putObject("messageAttributes");
            record.put("md5OfBody", m.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", LocalAws.REGION);
        }
        return event.toString();
    }
}
