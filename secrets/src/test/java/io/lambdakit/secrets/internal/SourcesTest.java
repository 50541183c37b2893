package io.lambdakit.secrets.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.secrets.ProviderKind;
import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.secrets.spi.SecretSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SourcesTest {

    @TempDir
    Path extensions;

    private static SecretsConfig settings(Map<String, String> env) {
        return settings(null, env, ConfigurationException.problems("test"));
    }

    private static SecretsConfig settings(ProviderKind provider, Map<String, String> env, ConfigurationException.Problems problems) {
        ExecutionEnvironment ee = ExecutionEnvironment.builder().environment(Environment.of(env)).build();
        return SecretsConfig.resolve(ee, provider, null, null, null, null, null, null, null, problems);
    }

    @Test
    void extensionDetected_withTokenAndPortVariable() {
        assertThat(Sources.extensionDetected(Environment.of(Map.of("AWS_SESSION_TOKEN", "t",
                "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2773")), extensions)).isTrue();
    }

    @Test
    void extensionDetected_withTokenAndLayerExecutable() throws Exception {
        Files.createFile(extensions.resolve("AWSParametersAndSecretsLambdaExtension"));

        assertThat(Sources.extensionDetected(Environment.of(Map.of("AWS_SESSION_TOKEN", "t")), extensions)).isTrue();
    }

    @Test
    void extensionNotDetected_withoutToken_evenWithTheLayer() throws Exception {
        Files.createFile(extensions.resolve("AWSParametersAndSecretsLambdaExtension"));

        assertThat(Sources.extensionDetected(Environment.of(Map.of("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2773")), extensions)).isFalse();
    }

    @Test
    void extensionNotDetected_withOnlyOtherExtensions() throws Exception {
        Files.createFile(extensions.resolve("datadog-agent"));

        assertThat(Sources.extensionDetected(Environment.of(Map.of("AWS_SESSION_TOKEN", "t")), extensions)).isFalse();
        assertThat(Sources.extensionDetected(Environment.of(Map.of("AWS_SESSION_TOKEN", "t")), extensions.resolve("missing"))).isFalse();
    }

    @Test
    void auto_withDetectedExtension_usesTheExtensionClient() {
        ConfigurationException.Problems problems = ConfigurationException.problems("test");

        SecretSource source = Sources.secrets(settings(Map.of("AWS_SESSION_TOKEN", "t", "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2999")),
                null, extensions, problems);

        assertThat(problems.isEmpty()).isTrue();
        assertThat(source).isInstanceOf(ExtensionClient.class);
        assertThat(source.describe()).isEqualTo("the Parameters and Secrets extension on localhost:2999");
    }

    @Test
    void auto_withoutExtension_usesTheSdk() {
        ConfigurationException.Problems problems = ConfigurationException.problems("test");

        ParameterSource source = Sources.parameters(settings(Map.of("AWS_REGION", "eu-west-1")), null, extensions, problems);

        assertThat(problems.isEmpty()).isTrue();
        assertThat(source.describe()).isEqualTo("SSM Parameter Store (AWS SDK)");
    }

    @Test
    void sdk_withoutRegionOrClient_isAConfigurationProblemThatSaysWhatToSet() {
        ConfigurationException.Problems problems = ConfigurationException.problems("lambdakit-secrets");

        SecretSource source = Sources.secrets(settings(Map.of("LAMBDAKIT_SECRETS_PROVIDER", "sdk")), null, extensions, problems);

        assertThat(source).isNull();
        ConfigurationException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigurationException.class, problems::throwIfAny);
        assertThat(e.problems()).singleElement().asString().contains("AWS_REGION is not set").contains("pass your own client");
    }

    @Test
    void extensionWithFallback_wrapsTheExtension() {
        ConfigurationException.Problems problems = ConfigurationException.problems("test");

        SecretSource source = Sources.secrets(settings(Map.of("LAMBDAKIT_SECRETS_PROVIDER", "extension",
                "LAMBDAKIT_SECRETS_FALLBACK_TO_SDK", "true", "AWS_REGION", "eu-west-1")), null, extensions, problems);

        assertThat(problems.isEmpty()).isTrue();
        assertThat(source).isInstanceOf(FallbackSources.Secrets.class);
        assertThat(source.describe()).contains("falling back to the AWS SDK");
    }

    @Test
    void explicitProvider_isUsedEvenWhenAutoWouldChooseOtherwise() {
        ConfigurationException.Problems problems = ConfigurationException.problems("test");
        SecretsConfig s = settings(ProviderKind.EXTENSION, Map.of("AWS_REGION", "eu-west-1"), problems);

        SecretSource source = Sources.secrets(s, null, extensions, problems);

        assertThat(source).isInstanceOf(ExtensionClient.class);
    }
}
