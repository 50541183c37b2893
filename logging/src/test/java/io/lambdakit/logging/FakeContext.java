package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * A Lambda Context for this module's unit tests (lambdakit-testing's TestContext is used by the IT).
 *
 * @param requestId   request id
 * @param tenantId    tenant id or null
 * @param xrayTraceId trace header or null
 */
public record FakeContext(String requestId, String tenantId, String xrayTraceId) implements Context {

    /** Function name every fake context reports. */
    public static final String FUNCTION = "orders";
    /** Its ARN. */
    public static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:orders";

    /**
     * @param requestId a request id
     * @return a context without tenant or trace
     */
    public static FakeContext of(String requestId) {
        return new FakeContext(requestId, null, null);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + FUNCTION;
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/22/[$LATEST]0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return FUNCTION;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return ARN;
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
        return null;
    }

    @Override
    public String getTenantId() {
        return tenantId;
    }

    @Override
    public String getXrayTraceId() {
        return xrayTraceId;
    }
}
