package io.lambdakit.tracing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda Context of a test invocation, carrying its trace header as runtimes with concurrency do. */
public record FakeContext(String requestId, String xrayTraceId) implements Context {

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getXrayTraceId() {
        return xrayTraceId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/orders";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/22/[$LATEST]0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return "orders";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-west-1:123456789012:function:orders";
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
            }
        };
    }
}
