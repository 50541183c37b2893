package io.lambdakit.testing;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Json;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A template's SQS queues, created for {@link LocalSqsEventSource#createQueues(SqsClient, SamTemplate)}. */
final class TemplateQueues {

    static final String QUEUE = "AWS::SQS::Queue";

    private static final Map<String, QueueAttributeName> TRANSLATED = Map.of(
            "VisibilityTimeout", QueueAttributeName.VISIBILITY_TIMEOUT,
            "MessageRetentionPeriod", QueueAttributeName.MESSAGE_RETENTION_PERIOD,
            "DelaySeconds", QueueAttributeName.DELAY_SECONDS,
            "MaximumMessageSize", QueueAttributeName.MAXIMUM_MESSAGE_SIZE,
            "ReceiveMessageWaitTimeSeconds", QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
            "ContentBasedDeduplication", QueueAttributeName.CONTENT_BASED_DEDUPLICATION);
    private static final Set<String> HANDLED = Set.of("QueueName", "FifoQueue", "RedrivePolicy");
    /** Properties that change nothing a local queue does. */
    private static final Set<String> NO_LOCAL_EFFECT = Set.of("SqsManagedSseEnabled", "KmsMasterKeyId",
            "KmsDataKeyReusePeriodSeconds", "Tags", "RedriveAllowPolicy", "DeduplicationScope", "FifoThroughputLimit");

    private TemplateQueues() {
    }

    private record Queue(String id, String name, Map<QueueAttributeName, String> attributes, String deadLetterQueue,
                         Object maxReceiveCount) {
    }

    static Map<String, String> create(SqsClient sqs, SamTemplate template) {
        ConfigurationException.Problems problems = ConfigurationException.problems(template.source() + "'s SQS queues");
        Map<String, Map<String, Object>> declared = template.resourcesOfType(QUEUE);
        Map<String, Queue> queues = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : declared.entrySet()) {
            String id = e.getKey();
            Map<String, Object> p = e.getValue();
            String where = id + " (" + QUEUE + "): ";
            boolean ok = true;
            for (String property : p.keySet()) {
                if (!TRANSLATED.containsKey(property) && !HANDLED.contains(property) && !NO_LOCAL_EFFECT.contains(property)) {
                    problems.add(where + property + " is not supported by LocalSqsEventSource.createQueues; remove it, or"
                            + " create this queue yourself");
                    ok = false;
                }
            }
            boolean fifo = "true".equals(String.valueOf(p.get("FifoQueue")));
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
            if (fifo) {
                attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            }
            for (Map.Entry<String, QueueAttributeName> t : TRANSLATED.entrySet()) {
                Object value = p.get(t.getKey());
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    problems.add(where + t.getKey() + " is " + value + " but it must be a literal here (intrinsic functions"
                            + " are not resolved for local queues)");
                    ok = false;
                } else if (value != null) {
                    attributes.put(t.getValue(), String.valueOf(value));
                }
            }
            String name = p.get("QueueName") instanceof String literal && !literal.isBlank() ? literal
                    : fifo ? id + ".fifo" : id;
            String deadLetterQueue = null;
            Object maxReceiveCount = null;
            if (p.get("RedrivePolicy") != null) {
                Map<?, ?> redrive = p.get("RedrivePolicy") instanceof Map<?, ?> m ? m : Map.of();
                deadLetterQueue = deadLetterQueue(redrive.get("deadLetterTargetArn"), declared);
                maxReceiveCount = redrive.get("maxReceiveCount");
                if (deadLetterQueue == null) {
                    problems.add(where + "RedrivePolicy.deadLetterTargetArn is " + redrive.get("deadLetterTargetArn")
                            + " but it must be !GetAtt <a queue of this template>.Arn");
                    ok = false;
                }
                if (!(maxReceiveCount instanceof Number) && !(maxReceiveCount instanceof String s && s.matches("\\d+"))) {
                    problems.add(where + "RedrivePolicy.maxReceiveCount is " + maxReceiveCount + " but it must be a number"
                            + " from 1 to 1000");
                    ok = false;
                }
            }
            if (ok) {
                queues.put(id, new Queue(id, name, attributes, deadLetterQueue, maxReceiveCount));
            }
        }
        problems.throwIfAny();
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, String> arns = new LinkedHashMap<>();
        // a dead-letter queue first: the queue that redrives to it names its ARN
        while (urls.size() < queues.size()) {
            boolean progress = false;
            for (Queue q : queues.values()) {
                if (urls.containsKey(q.id()) || q.deadLetterQueue() != null && !arns.containsKey(q.deadLetterQueue())) {
                    continue;
                }
                Map<QueueAttributeName, String> attributes = new LinkedHashMap<>(q.attributes());
                if (q.deadLetterQueue() != null) {
                    attributes.put(QueueAttributeName.REDRIVE_POLICY, Json.mapper().createObjectNode()
                            .put("deadLetterTargetArn", arns.get(q.deadLetterQueue()))
                            .put("maxReceiveCount", String.valueOf(q.maxReceiveCount())).toString());
                }
                String url = sqs.createQueue(b -> b.queueName(q.name()).attributes(attributes)).queueUrl();
                urls.put(q.id(), url);
                arns.put(q.id(), sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN));
                progress = true;
            }
            if (!progress) {
                ConfigurationException.Problems cycle = ConfigurationException.problems(template.source() + "'s SQS queues");
                for (String id : queues.keySet()) {
                    cycle.require(urls.containsKey(id), id + " (" + QUEUE + "): RedrivePolicy is part of a cycle of"
                            + " dead-letter queues; a dead-letter queue must not redrive back");
                }
                cycle.throwIfAny();
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String id : declared.keySet()) {
            if (urls.containsKey(id)) {
                ordered.put(id, urls.get(id));
            }
        }
        return ordered;
    }

    /** The logical id in {@code !GetAtt Id.Arn} when Id is a queue of the template, else null. */
    private static String deadLetterQueue(Object target, Map<String, Map<String, Object>> declared) {
        if (target instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> parts && parts.size() == 2
                && "Arn".equals(parts.get(1)) && declared.containsKey(String.valueOf(parts.get(0)))) {
            return String.valueOf(parts.get(0));
        }
        return null;
    }
}
