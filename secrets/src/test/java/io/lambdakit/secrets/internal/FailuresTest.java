package io.lambdakit.secrets.internal;

import io.lambdakit.secrets.SecretNotFoundException;
import io.lambdakit.secrets.SecretUnavailableException;
import io.lambdakit.secrets.SecretsException;
import io.lambdakit.secrets.SecretsException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @ParameterizedTest
    @CsvSource({
            "ResourceNotFoundException, 400, NOT_FOUND",
            "ParameterNotFound, 400, NOT_FOUND",
            "ParameterVersionNotFound, 400, NOT_FOUND",
            "AccessDeniedException, 400, ACCESS_DENIED",
            "DecryptionFailure, 400, ACCESS_DENIED",
            "KMSAccessDeniedException, 400, ACCESS_DENIED",
            "UnrecognizedClientException, 400, ACCESS_DENIED",
            "ThrottlingException, 400, THROTTLED",
            "TooManyRequestsException, 429, THROTTLED",
            "InternalServiceError, 500, SERVICE_ERROR",
            "InternalFailure, 500, SERVICE_ERROR",
            "InvalidRequestException, 400, BAD_REQUEST",
            "InvalidParameterException, 400, BAD_REQUEST",
            "SomethingNewException, 503, SERVICE_ERROR",
    })
    void classify_serviceCodes(String code, int status, Reason expected) {
        assertThat(Failures.classify(code, status)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"429, THROTTLED", "500, SERVICE_ERROR", "502, SERVICE_ERROR", "400, BAD_REQUEST", "405, BAD_REQUEST"})
    void classify_withoutCode_usesTheStatus(int status, Reason expected) {
        assertThat(Failures.classify(null, status)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"__type\":\"ResourceNotFoundException\",\"message\":\"x\"}|ResourceNotFoundException",
            "{\"message\":\"x\", \"__type\" : \"com.amazonaws.ssm#ParameterNotFound\"}|ParameterNotFound",
            "an error occurred: operation error SSM: GetParameter, https response error StatusCode: 400, ParameterNotFound: |ParameterNotFound",
            "AccessDeniedException: User is not authorized|AccessDeniedException",
    })
    void errorCode_isFoundInJsonAndTextBodies(String body, String code) {
        assertThat(Failures.errorCode(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(code);
    }

    @Test
    void errorCode_neverReturnsAnythingButACodeShapedWord() {
        assertThat(Failures.errorCode("value is hunter2 and more".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(Failures.errorCode(new byte[0])).isNull();
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 'a');
        assertThat(Failures.errorCode(big)).isNull();
    }

    @Test
    void create_picksTheSubclassCallersCatch() {
        assertThat(Failures.create(Reason.NOT_FOUND, "x", 400, "m", null)).isInstanceOf(SecretNotFoundException.class);
        assertThat(Failures.create(Reason.TIMEOUT, "x", -1, "m", null)).isInstanceOf(SecretUnavailableException.class);
        SecretsException denied = Failures.create(Reason.ACCESS_DENIED, "x", 400, "m", null);
        assertThat(denied).isExactlyInstanceOf(SecretsException.class);
        assertThat(denied.httpStatus()).hasValue(400);
    }

    @Test
    void reported_accessDenied_namesTheIamActions() {
        SecretsException secret = Failures.reported(Reason.ACCESS_DENIED, RawKey.Kind.SECRET, "prod/db", "Secrets Manager", 400,
                "AccessDeniedException", null);
        SecretsException param = Failures.reported(Reason.ACCESS_DENIED, RawKey.Kind.PARAMETER, "/p", "SSM", 400,
                "AccessDeniedException", null);

        assertThat(secret).hasMessageContaining("secretsmanager:GetSecretValue").hasMessageContaining("'prod/db'");
        assertThat(param).hasMessageContaining("ssm:GetParameter").hasMessageContaining("kms:Decrypt");
    }
}
