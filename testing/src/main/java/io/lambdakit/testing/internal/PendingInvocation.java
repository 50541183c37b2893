package io.lambdakit.testing.internal;

import java.util.concurrent.CompletableFuture;

/**
 * One invocation on its way through the local Runtime API: what {@code invocation/next} hands
 * the runtime, and the futures that complete when the runtime picks it up and when it replies.
 */
public final class PendingInvocation {

    private final String requestId;
    private final byte[] payload;
    private final long timeoutMillis;
    private volatile long deadlineEpochMillis;
    private volatile int deliveryOrdinal;
    private final String functionArn;
    private final String traceHeader;
    private final String clientContextJson;
    private final String cognitoIdentityJson;
    private final String tenantId;
    private final CompletableFuture<Void> delivered = new CompletableFuture<>();
    private final CompletableFuture<RuntimeReply> outcome = new CompletableFuture<>();
    private final CompletableFuture<Void> workerReturned = new CompletableFuture<>();

    /**
     * @param requestId           the request id
     * @param payload             the event bytes
     * @param deadlineEpochMillis the deadline, epoch milliseconds
     * @param functionArn         the invoked function ARN
     * @param traceHeader         the X-Ray trace header, or null
     * @param clientContextJson   the client context JSON, or null
     * @param cognitoIdentityJson the Cognito identity JSON, or null
     * @param tenantId            the tenant id, or null
     */
    public PendingInvocation(String requestId, byte[] payload, long deadlineEpochMillis, String functionArn,
                             String traceHeader, String clientContextJson, String cognitoIdentityJson, String tenantId) {
        this(requestId, payload, deadlineEpochMillis, -1, functionArn, traceHeader, clientContextJson, cognitoIdentityJson, tenantId);
    }

    private PendingInvocation(String requestId, byte[] payload, long deadlineEpochMillis, long timeoutMillis, String functionArn,
                              String traceHeader, String clientContextJson, String cognitoIdentityJson, String tenantId) {
        this.requestId = requestId;
        this.payload = payload;
        this.deadlineEpochMillis = deadlineEpochMillis;
        this.timeoutMillis = timeoutMillis;
        this.functionArn = functionArn;
        this.traceHeader = traceHeader;
        this.clientContextJson = clientContextJson;
        this.cognitoIdentityJson = cognitoIdentityJson;
        this.tenantId = tenantId;
    }

    /**
     * An invocation whose deadline is set when the runtime receives it, as Lambda sets
     * {@code Lambda-Runtime-Deadline-Ms} for each invocation of a managed-instances environment.
     *
     * @param requestId           the request id
     * @param payload             the event bytes
     * @param timeoutMillis       the function timeout; the deadline is delivery time plus this
     * @param functionArn         the invoked function ARN
     * @param traceHeader         the X-Ray trace header, or null
     * @param clientContextJson   the client context JSON, or null
     * @param cognitoIdentityJson the Cognito identity JSON, or null
     * @param tenantId            the tenant id, or null
     * @return the invocation
     */
    public static PendingInvocation deadlineOnDelivery(String requestId, byte[] payload, long timeoutMillis, String functionArn,
                                                       String traceHeader, String clientContextJson, String cognitoIdentityJson,
                                                       String tenantId) {
        return new PendingInvocation(requestId, payload, 0, timeoutMillis, functionArn, traceHeader, clientContextJson,
                cognitoIdentityJson, tenantId);
    }

    /**
     * Called by whoever hands the invocation to the runtime, just before it does.
     *
     * @param ordinal   how many invocations the environment received, this one included
     * @param nowMillis the time of delivery, epoch milliseconds
     */
    public void markDelivered(int ordinal, long nowMillis) {
        deliveryOrdinal = ordinal;
        if (timeoutMillis >= 0) {
            deadlineEpochMillis = nowMillis + timeoutMillis;
        }
    }

    /** @return the position of this invocation among those its environment received (1 = its first), 0 before delivery */
    public int deliveryOrdinal() {
        return deliveryOrdinal;
    }

    /** @return completes when the runtime worker that ran this invocation asked for its next one */
    public CompletableFuture<Void> workerReturned() {
        return workerReturned;
    }

    /** @return the request id */
    public String requestId() {
        return requestId;
    }

    /** @return the event bytes */
    public byte[] payload() {
        return payload;
    }

    /** @return the deadline in epoch milliseconds (for a deadline set on delivery: 0 until then) */
    public long deadlineEpochMillis() {
        return deadlineEpochMillis;
    }

    /** @return the invoked function ARN */
    public String functionArn() {
        return functionArn;
    }

    /** @return the trace header or null */
    public String traceHeader() {
        return traceHeader;
    }

    /** @return the client context JSON or null */
    public String clientContextJson() {
        return clientContextJson;
    }

    /** @return the Cognito identity JSON or null */
    public String cognitoIdentityJson() {
        return cognitoIdentityJson;
    }

    /** @return the tenant id or null */
    public String tenantId() {
        return tenantId;
    }

    /** @return completes when the runtime received the invocation */
    public CompletableFuture<Void> delivered() {
        return delivered;
    }

    /** @return completes with the runtime's response or error */
    public CompletableFuture<RuntimeReply> outcome() {
        return outcome;
    }
}
