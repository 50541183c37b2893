package io.lambdakit.benchmarks.variants;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The {@link Context} the benchmarks pass, filled as the runtime fills it (function {@code orders},
 * 512 MB, 30 s left).
 */
public final class BenchContext implements Context {

    private static final LambdaLogger NO_LOGGER = new LambdaLogger() {
        @Override
        public void log(String message) {
        }

        @Override
        public void log(byte[] message) {
        }
    };

    private final String requestId;
    private final String traceHeader;

    /**
     * @param requestId   the request id
     * @param traceHeader the X-Ray trace header, or null
     */
    public BenchContext(String requestId, String traceHeader) {
        this.requestId = requestId;
        this.traceHeader = traceHeader;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/orders";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/23/[$LATEST]0123456789abcdef0123456789abcdef";
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
        return NO_LOGGER;
    }

    @Override
    public String getXrayTraceId() {
        return traceHeader;
    }
}
