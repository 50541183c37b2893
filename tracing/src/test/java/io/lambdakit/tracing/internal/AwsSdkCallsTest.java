package io.lambdakit.tracing.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failed AWS SDK calls are an expected DynamoDB condition failure rather than an error. */
class AwsSdkCallsTest {

    private static final String[] CODES = {"ConditionalCheckFailed", "None", "TransactionConflict", "ValidationError",
        "ItemCollectionSizeLimitExceeded", "ThrottlingError", "ProvisionedThroughputExceeded", null};

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void isConditionFailure_generatedCancellationReasons_onlyWhenEveryReasonIsAConditionOrNone(long seed) {
        Random r = new Random(seed);
        List<CancellationReason> reasons = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            String code = CODES[r.nextInt(r.nextBoolean() ? 2 : CODES.length)];
            reasons.add(CancellationReason.builder().code(code).message(code == null ? null : code + " message").build());
        }
        TransactionCanceledException e = TransactionCanceledException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").serviceName("DynamoDb").build())
                .cancellationReasons(reasons).statusCode(400).message("Transaction cancelled").build();
        boolean anyCondition = reasons.stream().anyMatch(c -> "ConditionalCheckFailed".equals(c.code()));
        boolean onlyConditionsOrNone = reasons.stream().allMatch(c -> c.code() == null
                || "ConditionalCheckFailed".equals(c.code()) || "None".equals(c.code()));

        boolean expected = AwsSdkCalls.isConditionFailure("DynamoDb", e);

        assertThat(expected).as("%s", reasons).isEqualTo(anyCondition && onlyConditionsOrNone);
    }

    @Test
    void isConditionFailure_conditionalCheckFailedFromDynamoDb_isExpected() {
        ConditionalCheckFailedException e = ConditionalCheckFailedException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ConditionalCheckFailedException").build())
                .statusCode(400).message("The conditional request failed").build();

        assertThat(AwsSdkCalls.isConditionFailure("DynamoDb", e)).isTrue();
        assertThat(AwsSdkCalls.isConditionFailure("Sqs", e)).as("another service's error code").isFalse();
        assertThat(AwsSdkCalls.isConditionFailure(null, e)).isFalse();
    }

    @Test
    void isConditionFailure_otherFailures_areNot() {
        ResourceNotFoundException missing = ResourceNotFoundException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).statusCode(400).build();
        ConditionalCheckFailedException withoutDetails = ConditionalCheckFailedException.builder()
                .statusCode(400).build();

        assertThat(AwsSdkCalls.isConditionFailure("DynamoDb", missing)).isFalse();
        assertThat(AwsSdkCalls.isConditionFailure("DynamoDb", withoutDetails)).isFalse();
        assertThat(AwsSdkCalls.isConditionFailure("DynamoDb", SdkClientException.create("no answer"))).isFalse();
        assertThat(AwsSdkCalls.isConditionFailure("DynamoDb", new IllegalStateException("x"))).isFalse();
    }
}
