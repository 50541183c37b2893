package io.lambdakit.testing;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.lambdakit.core.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TestContextTest {

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void create_defaults_lookLikeLambdas() {
        TestContext context = TestContext.create();

        assertThat(context.getAwsRequestId()).matches("[0-9a-f-]{36}");
        assertThat(context.getFunctionName()).isEqualTo("test-function");
        assertThat(context.getFunctionVersion()).isEqualTo("$LATEST");
        assertThat(context.getInvokedFunctionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:test-function");
        assertThat(context.getMemoryLimitInMB()).isEqualTo(512);
        assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/test-function");
        assertThat(context.getLogStreamName()).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
        assertThat(context.getRemainingTimeInMillis()).isBetween(1, 30_000);
        assertThat(context.getTenantId()).isNull();
        assertThat(context.getClientContext()).isNull();
        assertThat(context.getIdentity()).isNull();
    }

    @Test
    void create_twice_givesDistinctRequestIds() {
        assertThat(TestContext.create().getAwsRequestId()).isNotEqualTo(TestContext.create().getAwsRequestId());
    }

    @Test
    void remainingTime_clockAdvances_countsDownToZeroAndStays() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        TestContext context = TestContext.builder().clock(clock).timeout(Duration.ofSeconds(3)).build();

        clock.advance(Duration.ofMillis(1250));
        int afterOne = context.getRemainingTimeInMillis();
        clock.advance(Duration.ofSeconds(5));

        assertThat(afterOne).isEqualTo(1750);
        assertThat(context.getRemainingTimeInMillis()).isZero();
        assertThat(context.deadline()).isEqualTo(Instant.parse("2024-01-01T00:00:03Z"));
    }

    @Test
    void builder_everyField_isReturnedByTheContext() {
        TestContext context = TestContext.builder().requestId("r-1").functionName("orders").functionVersion("7")
                .invokedFunctionArn("arn:aws:lambda:eu-west-1:111122223333:function:orders:live").memoryLimitMb(1024)
                .tenantId("tenant-a").xrayTraceId("Root=1-65a1b2c3-0123456789abcdef01234567;Sampled=1")
                .logGroupName("/custom/group").logStreamName("stream-1")
                .clientContext(Map.of("k", "v"), Map.of("platform", "Android")).identity("id-1", "pool-1").build();

        assertThat(context.getAwsRequestId()).isEqualTo("r-1");
        assertThat(context.getFunctionVersion()).isEqualTo("7");
        assertThat(context.getInvokedFunctionArn()).endsWith(":orders:live");
        assertThat(context.getMemoryLimitInMB()).isEqualTo(1024);
        assertThat(context.getTenantId()).isEqualTo("tenant-a");
        assertThat(context.getXrayTraceId()).startsWith("Root=1-65a1b2c3");
        assertThat(context.getLogGroupName()).isEqualTo("/custom/group");
        assertThat(context.getLogStreamName()).isEqualTo("stream-1");
        assertThat(context.getClientContext().getCustom()).containsEntry("k", "v");
        assertThat(context.getClientContext().getEnvironment()).containsEntry("platform", "Android");
        assertThat(context.getIdentity().getIdentityId()).isEqualTo("id-1");
        assertThat(context.getIdentity().getIdentityPoolId()).isEqualTo("pool-1");
    }

    @Test
    void logger_default_keepsEveryCallInOrder() {
        TestContext context = TestContext.create();

        context.getLogger().log("one");
        context.getLogger().log("two".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        context.getLogger().log("three", LogLevel.WARN);

        assertThat(context.loggerOutput()).containsExactly("one", "two", "three");
    }

    @Test
    void build_invalidValues_reportsEveryProblemAtOnce() {
        TestContext.Builder builder = TestContext.builder().requestId(" ").memoryLimitMb(64).timeout(Duration.ofSeconds(-1));

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, builder::build);

        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).contains("requestId").contains("memoryLimitMb was 64").contains("timeout");
    }
}
