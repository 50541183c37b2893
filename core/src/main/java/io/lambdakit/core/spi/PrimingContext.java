package io.lambdakit.core.spi;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.lambdakit.core.Environment;

import java.util.Objects;

/**
 * The synthetic {@link Context} of a priming call made before a SnapStart checkpoint: identity
 * from the environment, a deadline five minutes away, no client context or identity, and a logger
 * that discards what it is given (priming writes nothing).
 */
public final class PrimingContext implements Context {

    /** The time a priming call appears to have left. */
    public static final int REMAINING_MILLIS = 300_000;

    private static final LambdaLogger SILENT = new LambdaLogger() {
        @Override
        public void log(String message) {
            // priming is silent
        }

        @Override
        public void log(byte[] message) {
            // priming is silent
        }
    };

    private final String requestId;
    private final String functionName;
    private final String functionVersion;
    private final int memoryMb;
    private final String logGroupName;
    private final String logStreamName;
    private final String arn;

    /**
     * @param environment the environment the function runs in
     * @param requestId   the synthetic request id
     */
    public PrimingContext(Environment environment, String requestId) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.functionName = environment.functionName().orElse("priming");
        this.functionVersion = environment.functionVersion().orElse("$LATEST");
        this.memoryMb = environment.functionMemorySizeMb().orElse(0);
        this.logGroupName = environment.logGroupName().orElse(null);
        this.logStreamName = environment.logStreamName().orElse(null);
        this.arn = "arn:aws:lambda:" + environment.region().orElse("us-east-1") + ":000000000000:function:" + functionName;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return logGroupName;
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return functionVersion;
    }

    @Override
    public String getInvokedFunctionArn() {
        return arn;
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
        return REMAINING_MILLIS;
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return SILENT;
    }

    @Override
    public String toString() {
        return "PrimingContext[" + requestId + "]";
    }
}
