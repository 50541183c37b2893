package io.lambdakit.tracing.internal;

import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.TraceHeader;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records AWS SDK v2 calls as remote subsegments ({@code namespace: aws}) of the current
 * subsegment: service, operation, region, request id, the table/queue/topic/function/secret the call
 * is about, retries, HTTP status, and error/throttle/fault with the exception as the cause. Also
 * propagates {@code X-Amzn-Trace-Id}, with {@code Sampled=0} when the invocation is not sampled, and removes it
 * from calls made outside any invocation (at init, or on a thread that carries none), where it could only be
 * a stale one.
 * Every method swallows its own failures: a tracing bug must never fail an AWS call.
 */
public final class AwsSdkCalls {

    /** The HTTP header X-Ray reads downstream. */
    public static final String TRACE_HEADER = "X-Amzn-Trace-Id";

    private static final ExecutionAttribute<Subsegment> SUBSEGMENT = new ExecutionAttribute<>("lambdakit.tracing.subsegment");
    private static final ExecutionAttribute<String> HEADER = new ExecutionAttribute<>("lambdakit.tracing.header");
    /** The value of {@link #HEADER} for a call made outside any invocation: the request goes out without a trace header. */
    private static final String NO_HEADER = "";
    private static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("lambdakit.tracing.attempts");

    private AwsSdkCalls() {
    }

    /**
     * Starts the call's subsegment and chooses the header to propagate.
     *
     * @param engine     the engine
     * @param context    the SDK's context
     * @param attributes the call's attributes
     */
    public static void beforeExecution(TracingEngine engine, Context.BeforeExecution context, ExecutionAttributes attributes) {
        try {
            InvocationContext invocation = InvocationContext.current().orElse(null);
            boolean outside = invocation == null || invocation.isPriming();
            if (outside) {
                // At init, in a thread that does not carry an invocation (a worker still running after the handler
                // returned), or while priming before a snapshot, no trace applies; the SDK's own interceptor would
                // send the header the runtime left in a system property for the last invocation.
                attributes.putAttribute(HEADER, NO_HEADER);
            }
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            Subsegment s = engine.beginRemote(xrayServiceName(service), "aws");
            if (s != null) {
                attributes.putAttribute(SUBSEGMENT, s);
                attributes.putAttribute(ATTEMPTS, new AtomicInteger());
                String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                if (operation != null) {
                    s.putAws("operation", operation);
                }
                Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
                if (region != null) {
                    s.putAws("region", region.id());
                }
                resources(s, service, context.request());
                if (!outside) {
                    attributes.putAttribute(HEADER, s.propagationHeader().toHeaderString());
                }
            } else if (!outside) {
                engine.propagationHeader().map(TraceHeader::toHeaderString).ifPresent(h -> attributes.putAttribute(HEADER, h));
            }
        } catch (RuntimeException e) {
            engine.warn("sdk-before", "could not start the subsegment of an AWS SDK call (" + e + "); the call goes on untraced");
        }
    }

    /**
     * @param engine     the engine
     * @param context    the SDK's context
     * @param attributes the call's attributes
     * @return the HTTP request with the trace header added; outside an invocation, with any trace header removed
     */
    public static SdkHttpRequest modifyHttpRequest(TracingEngine engine, Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        try {
            String header = attributes.getAttribute(HEADER);
            if (NO_HEADER.equals(header)) {
                return request.firstMatchingHeader(TRACE_HEADER).isPresent() ? request.toBuilder().removeHeader(TRACE_HEADER).build() : request;
            }
            if (header != null) {
                return request.toBuilder().putHeader(TRACE_HEADER, header).build();
            }
        } catch (RuntimeException e) {
            engine.warn("sdk-header", "could not add " + TRACE_HEADER + " to an AWS SDK call (" + e + ")");
        }
        return request;
    }

    /**
     * Counts attempts: every retry passes here again.
     *
     * @param attributes the call's attributes
     */
    public static void beforeTransmission(ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null) {
            attempts.incrementAndGet();
        }
    }

    /**
     * Ends the subsegment of a successful call.
     *
     * @param engine     the engine
     * @param context    the SDK's context
     * @param attributes the call's attributes
     */
    public static void afterExecution(TracingEngine engine, Context.AfterExecution context, ExecutionAttributes attributes) {
        Subsegment s = attributes.getAttribute(SUBSEGMENT);
        if (s == null) {
            return;
        }
        try {
            response(s, context.httpResponse(), null, true);
            retries(s, attributes);
        } catch (RuntimeException e) {
            engine.warn("sdk-after", "could not record the result of an AWS SDK call (" + e + ")");
        } finally {
            engine.end(s);
        }
    }

    /**
     * Ends the subsegment of a failed call, recording the exception.
     *
     * @param engine     the engine
     * @param context    the SDK's context
     * @param attributes the call's attributes
     */
    public static void onExecutionFailure(TracingEngine engine, Context.FailedExecution context, ExecutionAttributes attributes) {
        Subsegment s = attributes.getAttribute(SUBSEGMENT);
        if (s == null) {
            return;
        }
        try {
            Throwable e = context.exception();
            SdkServiceException service = e instanceof SdkServiceException se ? se : null;
            int status = context.httpResponse().map(SdkHttpResponse::statusCode)
                    .orElse(service != null ? service.statusCode() : 0);
            if (service != null && service.requestId() != null) {
                s.putAws("request_id", service.requestId());
            }
            boolean expected = isConditionFailure(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME), e);
            response(s, context.httpResponse().orElse(null), status, !expected);
            boolean throttled = status == 429 || service != null && service.isThrottlingException();
            if (expected) {
                // a condition that did not hold is an answer the caller expects, not an error: the cause stays, no flag is set
                retries(s, attributes);
                s.recordException(e, true, engine.ids());
                return;
            }
            if (throttled) {
                s.flags(true, true, false);
            } else if (status == 0) {
                s.flags(false, false, true); // no answer at all: a fault on our side of the call
            }
            retries(s, attributes);
            s.recordException(e, service != null, engine.ids());
        } catch (RuntimeException ex) {
            engine.warn("sdk-failure", "could not record the failure of an AWS SDK call (" + ex + ")");
        } finally {
            engine.end(s);
        }
    }

    /**
     * Whether a failed call is DynamoDB telling that a condition did not hold, which callers expect (an
     * idempotency claim, an optimistic lock): {@code ConditionalCheckFailedException}, or a
     * {@code TransactionCanceledException} whose cancellation reasons are all {@code ConditionalCheckFailed} or
     * {@code None}. Read through the SDK's generic fields, so this module needs no DynamoDB classes.
     *
     * @param sdkServiceName the SDK's service name, e.g. {@code DynamoDb}
     * @param failure        what the call threw
     * @return true for an expected condition failure
     */
    static boolean isConditionFailure(String sdkServiceName, Throwable failure) {
        if (!"DynamoDb".equals(sdkServiceName) || !(failure instanceof AwsServiceException e) || e.awsErrorDetails() == null) {
            return false;
        }
        String code = e.awsErrorDetails().errorCode();
        if ("ConditionalCheckFailedException".equals(code)) {
            return true;
        }
        if (!"TransactionCanceledException".equals(code)) {
            return false;
        }
        Object reasons = field(e, "CancellationReasons");
        if (!(reasons instanceof List<?> list) || list.isEmpty()) {
            return false;
        }
        boolean conditionFailed = false;
        for (Object reason : list) {
            Object reasonCode = reason instanceof SdkPojo pojo ? field(pojo, "Code") : null;
            if ("ConditionalCheckFailed".equals(reasonCode)) {
                conditionFailed = true;
            } else if (reasonCode != null && !"None".equals(reasonCode)) {
                return false;
            }
        }
        return conditionFailed;
    }

    private static Object field(SdkPojo pojo, String memberName) {
        for (SdkField<?> f : pojo.sdkFields()) {
            if (memberName.equals(f.memberName())) {
                return f.getValueOrDefault(pojo);
            }
        }
        return null;
    }

    private static void response(Subsegment s, SdkHttpResponse response, Integer knownStatus, boolean flagErrors) {
        int status = knownStatus != null && knownStatus > 0 ? knownStatus : response != null ? response.statusCode() : 0;
        if (status <= 0) {
            return;
        }
        long length = -1;
        if (response != null) {
            Optional<String> requestId = response.firstMatchingHeader("x-amzn-RequestId")
                    .or(() -> response.firstMatchingHeader("x-amz-request-id"));
            requestId.ifPresent(id -> s.putAws("request_id", id));
            Optional<String> cl = response.firstMatchingHeader("Content-Length");
            if (cl.isPresent()) {
                try {
                    length = Long.parseLong(cl.get().trim());
                } catch (NumberFormatException ignored) {
                    length = -1;
                }
            }
        }
        s.httpResponse(status, length);
        if (!flagErrors) {
            return;
        }
        if (status == 429) {
            s.flags(true, true, false);
        } else if (status >= 400 && status < 500) {
            s.flags(true, false, false);
        } else if (status >= 500) {
            s.flags(false, false, true);
        }
    }

    private static void retries(Subsegment s, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null) {
            s.putAws("retries", Math.max(0, attempts.get() - 1));
        }
    }

    /** The request fields X-Ray uses to build its service map, by service. Values only: never item contents. */
    private static void resources(Subsegment s, String service, SdkRequest request) {
        if (service == null || request == null) {
            return;
        }
        switch (service) {
            case "DynamoDb" -> {
                request.getValueForField("TableName", String.class).ifPresent(t -> s.putAws("table_name", t));
                request.getValueForField("RequestItems", Map.class).ifPresent(m -> {
                    List<String> tables = new ArrayList<>();
                    for (Object k : ((Map<?, ?>) m).keySet()) {
                        tables.add(String.valueOf(k));
                    }
                    s.putAws("table_names", tables);
                });
            }
            case "Sqs" -> request.getValueForField("QueueUrl", String.class).ifPresent(q -> s.putAws("queue_url", q));
            case "Sns" -> request.getValueForField("TopicArn", String.class).ifPresent(t -> s.putAws("topic_arn", t));
            case "Lambda" -> request.getValueForField("FunctionName", String.class).ifPresent(f -> s.putAws("function_name", f));
            case "S3" -> {
                request.getValueForField("Bucket", String.class).ifPresent(b -> s.putAws("bucket_name", b));
                request.getValueForField("Key", String.class).ifPresent(k -> s.putAws("key_name", k));
            }
            case "Kinesis" -> request.getValueForField("StreamName", String.class).ifPresent(n -> s.putAws("stream_name", n));
            case "SecretsManager" -> request.getValueForField("SecretId", String.class).ifPresent(n -> s.putAws("secret_id", n));
            case "Ssm" -> request.getValueForField("Name", String.class).ifPresent(n -> s.putAws("parameter_name", n));
            default -> {
                // no resource fields recorded for other services
            }
        }
    }

    /**
     * @param sdkServiceName the SDK's service name, e.g. {@code DynamoDb}
     * @return the name X-Ray's service map uses for it, e.g. {@code DynamoDB}
     */
    static String xrayServiceName(String sdkServiceName) {
        if (sdkServiceName == null) {
            return "AWS";
        }
        return switch (sdkServiceName) {
            case "DynamoDb" -> "DynamoDB";
            case "Sqs" -> "SQS";
            case "Sns" -> "SNS";
            case "Ssm" -> "SSM";
            case "Sts" -> "STS";
            case "Kms" -> "KMS";
            case "Sfn" -> "SFN";
            case "Ec2" -> "EC2";
            case "Ecs" -> "ECS";
            case "Iam" -> "IAM";
            case "Ses", "SesV2" -> "SES";
            default -> sdkServiceName;
        };
    }
}
