package io.lambdakit.metrics;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.nio.charset.StandardCharsets;

/** A plain {@link Context} for unit tests (the end-to-end test uses the real runtime client's). */
record SimpleContext(String requestId, String functionName, String traceHeader, String tenantId) implements Context {

    static final String TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";
    static final String TRACE_HEADER = "Root=" + TRACE_ID + ";Parent=53995c3f42cd8ad8;Sampled=1";

    static SimpleContext of(String requestId) {
        return new SimpleContext(requestId, "orders-fn", TRACE_HEADER, null);
    }

    SimpleContext withTenant(String tenant) {
        return new SimpleContext(requestId, functionName, traceHeader, tenant);
    }

    SimpleContext withoutTrace() {
        return new SimpleContext(requestId, functionName, null, tenantId);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "2024/05/01/[$LATEST]0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-west-1:123456789012:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 30_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public String getTenantId() {
        return tenantId;
    }

    @Override
    public String getXrayTraceId() {
        return traceHeader;
    }
}
