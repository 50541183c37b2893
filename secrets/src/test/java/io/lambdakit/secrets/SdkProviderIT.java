package io.lambdakit.secrets;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.testing.LocalSecretsExtension;
import io.lambdakit.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The SDK provider with the real SDK v2 clients against a loopback server speaking the AWS JSON protocol. */
class SdkProviderIT {

    private final LocalAwsJsonServer aws;
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    SdkProviderIT() throws Exception {
        aws = new LocalAwsJsonServer()
                .secret("prod/db", "v-1", "{\"user\":\"app\"}", "AWSPREVIOUS")
                .secret("prod/db", "v-2", "{\"user\":\"app2\"}", "AWSCURRENT")
                .binarySecret("prod/cert", new byte[] {9, 8, 7})
                .parameter("/orders/endpoint", "https://a", "String")
                .parameter("/orders/endpoint", "https://b", "String")
                .parameter("/orders/key", "k3y", "SecureString")
                .parameter("/orders/flags/beta", "on", "String")
                .parameter("/orders/flags/gamma", "off", "String")
                .parameter("/orders/flags/eu/delta", "1", "String")
                .parameter("/orders/flags/eu/epsilon", "2", "String")
                .parameter("/orders/flags/zeta", "3", "String");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private ExecutionEnvironment environment() {
        return ExecutionEnvironment.builder().environment(Environment.of(Map.of("AWS_REGION", "us-east-1"))).clock(clock).build();
    }

    private Secrets secrets() {
        return Secrets.builder().provider(ProviderKind.SDK).secretsManagerClient(aws.secretsManagerClient())
                .executionEnvironment(environment()).build();
    }

    private Parameters parameters() {
        return Parameters.builder().provider(ProviderKind.SDK).ssmClient(aws.ssmClient()).executionEnvironment(environment()).build();
    }

    @Test
    void secrets_getSecretValue_textVersionsAndBinary() {
        Secrets secrets = secrets();

        assertThat(secrets.get("prod/db")).isEqualTo("{\"user\":\"app2\"}");
        assertThat(secrets.query("prod/db").versionStage("AWSPREVIOUS").get()).isEqualTo("{\"user\":\"app\"}");
        assertThat(secrets.query("prod/db").versionId("v-1").get(Transformation.jsonMap())).containsEntry("user", "app");
        assertThat(secrets.getBinary("prod/cert")).containsExactly(9, 8, 7);
        assertThat(aws.calls()).extracting(c -> c.target()).containsOnly("secretsmanager.GetSecretValue");
        assertThat(aws.calls()).extracting(c -> c.body().toString()).containsExactly(
                "{\"SecretId\":\"prod/db\"}",
                "{\"SecretId\":\"prod/db\",\"VersionStage\":\"AWSPREVIOUS\"}",
                "{\"SecretId\":\"prod/db\",\"VersionId\":\"v-1\"}",
                "{\"SecretId\":\"prod/cert\"}");
    }

    @Test
    void secrets_binaryIsFetchedOnce() {
        Secrets secrets = secrets();

        secrets.getBinary("prod/cert");
        secrets.get("prod/cert", Transformation.base64());

        assertThat(aws.calls()).hasSize(1);
    }

    @Test
    void parameters_getParameter_withDecryptionAndVersionSelector() {
        Parameters parameters = parameters();

        assertThat(parameters.get("/orders/endpoint")).isEqualTo("https://b");
        assertThat(parameters.query("/orders/endpoint").version(1).get()).isEqualTo("https://a");
        assertThat(parameters.query("/orders/key").withDecryption().get()).isEqualTo("k3y");
        assertThat(aws.calls()).extracting(c -> c.body().toString()).containsExactly(
                "{\"Name\":\"/orders/endpoint\",\"WithDecryption\":false}",
                "{\"Name\":\"/orders/endpoint:1\",\"WithDecryption\":false}",
                "{\"Name\":\"/orders/key\",\"WithDecryption\":true}");
    }

    @Test
    void parameters_getByPath_followsEveryPage_andNamesRelativeToThePath() {
        Map<String, String> all = parameters().getByPath("/orders/flags");
        Map<String, String> direct = parameters().pathQuery("/orders/flags").recursive(false).get();

        assertThat(all).containsExactly(Map.entry("beta", "on"), Map.entry("eu/delta", "1"), Map.entry("eu/epsilon", "2"),
                Map.entry("gamma", "off"), Map.entry("zeta", "3"));
        assertThat(direct).containsOnlyKeys("beta", "gamma", "zeta");
        assertThat(aws.calls()).filteredOn(c -> c.target().equals("AmazonSSM.GetParametersByPath")).hasSize(5);
    }

    @Test
    void parameters_getByPath_isCached() {
        Parameters parameters = parameters();

        parameters.getByPath("/orders/flags");
        parameters.getByPath("/orders/flags");

        assertThat(aws.calls()).hasSize(3);
    }

    @Test
    void resourceNotFound_isNotFound() {
        SecretNotFoundException e = catchThrowableOfType(SecretNotFoundException.class, () -> secrets().get("prod/none"));

        assertThat(e).hasMessageContaining("'prod/none'").hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("Secrets Manager (AWS SDK)");
        assertThat(e.httpStatus()).hasValue(400);
    }

    @Test
    void parameterNotFound_andVersionNotFound_areNotFound() {
        Parameters parameters = parameters();

        assertThat(catchThrowableOfType(SecretNotFoundException.class, () -> parameters.get("/none")))
                .hasMessageContaining("ParameterNotFound");
        assertThat(catchThrowableOfType(SecretNotFoundException.class, () -> parameters.query("/orders/endpoint").version(9).get()))
                .hasMessageContaining("ParameterVersionNotFound");
    }

    @Test
    void accessDenied_namesTheIamAction() {
        aws.fail("prod/db", 400, "AccessDeniedException");

        SecretsException e = catchThrowableOfType(SecretsException.class, () -> secrets().get("prod/db"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.ACCESS_DENIED);
        assertThat(e).hasMessageContaining("secretsmanager:GetSecretValue");
    }

    @Test
    void throttling_isUnavailable() {
        aws.fail("prod/db", 400, "ThrottlingException");

        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class, () -> secrets().get("prod/db"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.THROTTLED);
    }

    @Test
    void serverError_isUnavailable() {
        aws.fail("/orders/endpoint", 500, "InternalServerError");

        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class, () -> parameters().get("/orders/endpoint"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.SERVICE_ERROR);
        assertThat(e.httpStatus()).hasValue(500);
    }

    @Test
    void unreachableService_isUnavailable() {
        Secrets secrets = secrets();
        aws.close();

        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class, () -> secrets.get("prod/db"));

        assertThat(e.reason().isTransient()).isTrue();
        assertThat(e).hasMessageContaining("'prod/db'");
    }

    // ---------------------------------------------------------------- fallback extension -> SDK

    @Test
    void fallback_extensionNotRunning_readsThroughTheSdk() {
        LocalSecretsExtension extension = LocalSecretsExtension.builder().secret("prod/db", "from-extension").start();
        Map<String, String> vars = extension.environment();
        extension.close();
        Secrets secrets = Secrets.builder().provider(ProviderKind.EXTENSION).fallbackToSdk(true)
                .secretsManagerClient(aws.secretsManagerClient())
                .executionEnvironment(ExecutionEnvironment.builder().environment(Environment.of(vars)).clock(clock).build())
                .build();

        String value = secrets.get("prod/db");

        assertThat(value).isEqualTo("{\"user\":\"app2\"}");
        assertThat(secrets.source()).contains("falling back to the AWS SDK");
    }

    @Test
    void fallback_definiteAnswerFromTheExtension_isNotRetriedThroughTheSdk() {
        try (LocalSecretsExtension extension = LocalSecretsExtension.builder().start()) {
            Secrets secrets = Secrets.builder().provider(ProviderKind.EXTENSION).fallbackToSdk(true)
                    .secretsManagerClient(aws.secretsManagerClient())
                    .executionEnvironment(ExecutionEnvironment.builder().environment(Environment.of(extension.environment())).clock(clock).build())
                    .build();

            SecretNotFoundException e = catchThrowableOfType(SecretNotFoundException.class, () -> secrets.get("prod/db"));

            assertThat(e).hasMessageContaining("extension");
            assertThat(aws.calls()).isEmpty();
        }
    }

    @Test
    void fallback_getByPath_goesToTheSdk() {
        try (LocalSecretsExtension extension = LocalSecretsExtension.builder().parameter("/orders/endpoint", "via-extension").start()) {
            Parameters parameters = Parameters.builder().provider(ProviderKind.EXTENSION).fallbackToSdk(true).ssmClient(aws.ssmClient())
                    .executionEnvironment(ExecutionEnvironment.builder().environment(Environment.of(extension.environment())).clock(clock).build())
                    .build();

            assertThat(parameters.get("/orders/endpoint")).isEqualTo("via-extension");
            assertThat(parameters.getByPath("/orders/flags")).hasSize(5);
        }
    }

    @Test
    void fallback_bothFailing_reportsTheSdkFailure_withTheExtensionsAsSuppressed() {
        LocalSecretsExtension extension = LocalSecretsExtension.builder().start();
        Map<String, String> vars = extension.environment();
        extension.close();
        aws.fail("prod/db", 500, "InternalServiceError");
        Secrets secrets = Secrets.builder().provider(ProviderKind.EXTENSION).fallbackToSdk(true)
                .secretsManagerClient(aws.secretsManagerClient())
                .executionEnvironment(ExecutionEnvironment.builder().environment(Environment.of(vars)).clock(clock).build())
                .maxAge(Duration.ZERO)
                .build();

        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class, () -> secrets.get("prod/db"));

        assertThat(e.reason()).isEqualTo(SecretsException.Reason.SERVICE_ERROR);
        assertThat(e.getSuppressed()).singleElement().satisfies(s ->
                assertThat(((SecretsException) s).reason()).isEqualTo(SecretsException.Reason.CONNECTION_REFUSED));
    }
}
