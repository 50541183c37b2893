package io.lambdakit.testing;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.lambdakit.core.ConfigurationException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A real {@link Context} for tests: every field Lambda fills, a deadline that counts down by an
 * injectable {@link Clock}, and a {@link LambdaLogger} that keeps what the handler logged.
 *
 * <pre>{@code
 * TestContext context = TestContext.builder().functionName("orders").timeout(Duration.ofSeconds(3)).clock(clock).build();
 * handler.handleRequest(event, context);
 * assertThat(context.loggerOutput()).contains("order placed");
 * }</pre>
 *
 * {@link #create()} gives sensible defaults: a fresh random request id, function {@value #DEFAULT_FUNCTION_NAME}
 * version {@code $LATEST} in {@value #DEFAULT_REGION} of account {@value #DEFAULT_ACCOUNT_ID}, 512 MB,
 * a 30 second timeout starting now, Lambda's log group and log stream naming.
 */
public final class TestContext implements Context {

    /** Function name when none is given. */
    public static final String DEFAULT_FUNCTION_NAME = "test-function";
    /** Region of the default function ARN. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** Account of the default function ARN (the account id AWS documentation uses). */
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    /** Memory when none is given, in MB. */
    public static final int DEFAULT_MEMORY_MB = 512;
    /** Timeout when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String requestId;
    private final String functionName;
    private final String functionVersion;
    private final String invokedFunctionArn;
    private final int memoryLimitMb;
    private final Instant deadline;
    private final Clock clock;
    private final String tenantId;
    private final String xrayTraceId;
    private final String logGroupName;
    private final String logStreamName;
    private final ClientContext clientContext;
    private final CognitoIdentity identity;
    private final LambdaLogger logger;
    private final List<String> loggerOutput;

    private TestContext(Builder b, Instant deadline, List<String> loggerOutput, LambdaLogger logger) {
        this.requestId = b.requestId;
        this.functionName = b.functionName;
        this.functionVersion = b.functionVersion;
        this.invokedFunctionArn = b.invokedFunctionArn != null ? b.invokedFunctionArn
                : functionArn(b.region, DEFAULT_ACCOUNT_ID, b.functionName);
        this.memoryLimitMb = b.memoryLimitMb;
        this.deadline = deadline;
        this.clock = b.clock;
        this.tenantId = b.tenantId;
        this.xrayTraceId = b.xrayTraceId;
        this.logGroupName = b.logGroupName != null ? b.logGroupName : "/aws/lambda/" + b.functionName;
        this.logStreamName = b.logStreamName;
        this.clientContext = b.clientContext;
        this.identity = b.identity;
        this.loggerOutput = loggerOutput;
        this.logger = logger;
    }

    /** @return a context with the defaults described above and a fresh random request id */
    public static TestContext create() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param region    the region
     * @param accountId the account
     * @param function  the function name
     * @return the unqualified function ARN
     */
    static String functionArn(String region, String accountId, String function) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + function;
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
        return invokedFunctionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return identity;
    }

    @Override
    public ClientContext getClientContext() {
        return clientContext;
    }

    /** @return milliseconds until the deadline by this context's clock, never negative */
    @Override
    public int getRemainingTimeInMillis() {
        long remaining = deadline.toEpochMilli() - clock.millis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    @Override
    public String getTenantId() {
        return tenantId;
    }

    @Override
    public String getXrayTraceId() {
        return xrayTraceId;
    }

    /** @return the instant the invocation times out */
    public Instant deadline() {
        return deadline;
    }

    /**
     * @return what was logged through {@link #getLogger()}, one entry per call, in order (empty
     *         when a custom logger was given)
     */
    public List<String> loggerOutput() {
        synchronized (loggerOutput) {
            return List.copyOf(loggerOutput);
        }
    }

    /** Names only: the values are not interesting in a failure message. */
    @Override
    public String toString() {
        return "TestContext[requestId=" + requestId + ", function=" + invokedFunctionArn + "]";
    }

    /** Builds a {@link TestContext}; every setter has a default. */
    public static final class Builder {
        private String requestId = UUID.randomUUID().toString();
        private String functionName = DEFAULT_FUNCTION_NAME;
        private String functionVersion = "$LATEST";
        private String invokedFunctionArn;
        private String region = DEFAULT_REGION;
        private int memoryLimitMb = DEFAULT_MEMORY_MB;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Instant deadline;
        private Clock clock = Clock.systemUTC();
        private String tenantId;
        private String xrayTraceId;
        private String logGroupName;
        private String logStreamName = defaultLogStreamName(Clock.systemUTC(), "$LATEST");
        private ClientContext clientContext;
        private CognitoIdentity identity;
        private LambdaLogger logger;

        private Builder() {
        }

        /**
         * @param requestId the request id (default: a random UUID)
         * @return this builder
         */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * @param functionName the function name; also names the default ARN and log group
         * @return this builder
         */
        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        /**
         * @param functionVersion {@code $LATEST} (default) or a published version number
         * @return this builder
         */
        public Builder functionVersion(String functionVersion) {
            this.functionVersion = functionVersion;
            return this;
        }

        /**
         * @param invokedFunctionArn the ARN the caller used, possibly qualified with a version or alias
         *                           (default: the unqualified ARN of the function)
         * @return this builder
         */
        public Builder invokedFunctionArn(String invokedFunctionArn) {
            this.invokedFunctionArn = invokedFunctionArn;
            return this;
        }

        /**
         * @param region the region used in the default ARN (default {@value TestContext#DEFAULT_REGION})
         * @return this builder
         */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /**
         * @param memoryLimitMb configured memory, 128 to 10240 (default 512)
         * @return this builder
         */
        public Builder memoryLimitMb(int memoryLimitMb) {
            this.memoryLimitMb = memoryLimitMb;
            return this;
        }

        /**
         * @param timeout time from {@link #build()} to the deadline (default 30 s)
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            this.deadline = null;
            return this;
        }

        /**
         * @param deadline an absolute deadline, instead of a timeout counted from {@link #build()}
         * @return this builder
         */
        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /**
         * @param clock the clock the remaining time is measured with (default: system UTC)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * @param tenantId the tenant id of a tenant-isolated function (default: none)
         * @return this builder
         */
        public Builder tenantId(String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        /**
         * @param xrayTraceId the trace header, e.g. {@code Root=1-...;Parent=...;Sampled=1} (default: none)
         * @return this builder
         */
        public Builder xrayTraceId(String xrayTraceId) {
            this.xrayTraceId = xrayTraceId;
            return this;
        }

        /**
         * @param logGroupName the log group (default {@code /aws/lambda/<function name>})
         * @return this builder
         */
        public Builder logGroupName(String logGroupName) {
            this.logGroupName = logGroupName;
            return this;
        }

        /**
         * @param logStreamName the log stream (default {@code yyyy/MM/dd/[version]<32 hex>}, as Lambda names them)
         * @return this builder
         */
        public Builder logStreamName(String logStreamName) {
            this.logStreamName = logStreamName;
            return this;
        }

        /**
         * @param clientContext the mobile client context (default: none)
         * @return this builder
         */
        public Builder clientContext(ClientContext clientContext) {
            this.clientContext = clientContext;
            return this;
        }

        /**
         * @param custom      the client context's custom values
         * @param environment the client context's environment values (e.g. {@code platform})
         * @return this builder
         */
        public Builder clientContext(Map<String, String> custom, Map<String, String> environment) {
            this.clientContext = new SimpleClientContext(null, Map.copyOf(custom), Map.copyOf(environment));
            return this;
        }

        /**
         * @param identityId     the Cognito identity id
         * @param identityPoolId the Cognito identity pool id
         * @return this builder
         */
        public Builder identity(String identityId, String identityPoolId) {
            this.identity = new SimpleCognitoIdentity(identityId, identityPoolId);
            return this;
        }

        /**
         * @param identity the Cognito identity (default: none)
         * @return this builder
         */
        public Builder identity(CognitoIdentity identity) {
            this.identity = identity;
            return this;
        }

        /**
         * @param logger the logger the handler gets (default: one that keeps lines for {@link TestContext#loggerOutput()})
         * @return this builder
         */
        public Builder logger(LambdaLogger logger) {
            this.logger = logger;
            return this;
        }

        /**
         * @return the context; its deadline is {@code clock.instant() + timeout} unless a deadline was given
         * @throws ConfigurationException naming every invalid setting
         */
        public TestContext build() {
            ConfigurationException.problems("lambdakit-testing")
                    .require(requestId != null && !requestId.isBlank(),
                            "requestId was '" + requestId + "' but it must not be blank; call requestId(..) with a value")
                    .require(functionName != null && !functionName.isBlank(),
                            "functionName was '" + functionName + "' but it must not be blank; call functionName(..)")
                    .require(functionVersion != null && !functionVersion.isBlank(),
                            "functionVersion was '" + functionVersion + "' but it must be $LATEST or a version number")
                    .require(region != null && !region.isBlank(), "region was '" + region + "' but it must not be blank")
                    .require(memoryLimitMb >= 128 && memoryLimitMb <= 10240,
                            "memoryLimitMb was " + memoryLimitMb + " but Lambda allows 128 to 10240 MB")
                    .require(clock != null, "clock was null; pass a Clock or leave the default")
                    .require(deadline != null || (timeout != null && !timeout.isNegative()),
                            "timeout was " + timeout + " but it must be zero or positive; or call deadline(..)")
                    .throwIfAny();
            Instant end = deadline != null ? deadline : clock.instant().plus(timeout);
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            LambdaLogger log = logger != null ? logger : new CapturingLogger(lines);
            return new TestContext(this, end, lines, log);
        }
    }

    static String defaultLogStreamName(Clock clock, String version) {
        String date = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd"));
        return date + "/[" + version + "]" + UUID.randomUUID().toString().replace("-", "");
    }

    private static final class CapturingLogger implements LambdaLogger {
        private final List<String> lines;

        CapturingLogger(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public void log(String message) {
            lines.add(message);
        }

        @Override
        public void log(byte[] message) {
            lines.add(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel logLevel) {
            lines.add(message);
        }

        @Override
        public void log(byte[] message, LogLevel logLevel) {
            log(message);
        }
    }

    /** A client context given as values. */
    record SimpleClientContext(Client client, Map<String, String> custom, Map<String, String> environment)
            implements ClientContext {
        @Override
        public Client getClient() {
            return client;
        }

        @Override
        public Map<String, String> getCustom() {
            return custom;
        }

        @Override
        public Map<String, String> getEnvironment() {
            return environment;
        }
    }

    /** A Cognito identity given as values. */
    record SimpleCognitoIdentity(String identityId, String identityPoolId) implements CognitoIdentity {
        SimpleCognitoIdentity {
            Objects.requireNonNull(identityId, "identityId");
        }

        @Override
        public String getIdentityId() {
            return identityId;
        }

        @Override
        public String getIdentityPoolId() {
            return identityPoolId;
        }
    }
}
