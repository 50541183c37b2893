package io.lambdakit.idempotency;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A small Lambda Context for this module's own tests (lambdakit-testing depends on this module, so
 * its TestContext cannot be used here). The remaining time counts down on the given clock.
 */
public record FakeContext(String requestId, String functionName, String tenantId, Clock clock, Instant deadline)
        implements Context {

    public static FakeContext create(Clock clock) {
        return new FakeContext(UUID.randomUUID().toString(), "orders", null, clock, clock.instant().plusSeconds(30));
    }

    public FakeContext withTenant(String tenant) {
        return new FakeContext(requestId, functionName, tenant, clock, deadline);
    }

    public FakeContext withFunctionName(String name) {
        return new FakeContext(requestId, name, tenantId, clock, deadline);
    }

    public FakeContext withRemainingMillis(long millis) {
        return new FakeContext(requestId, functionName, tenantId, clock, clock.instant().plusMillis(millis));
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
        return "2026/11/22/[$LATEST]0123456789abcdef";
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
        return (int) Math.max(0, deadline.toEpochMilli() - clock.millis());
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
        return null;
    }
}
