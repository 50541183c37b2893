package io.lambdakit.secrets;

import io.lambdakit.testing.LocalSecretsExtension;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS SDK is an optional dependency: a child JVM with every SDK jar removed from its classpath reads
 * secrets and parameters through the extension, and gets a configuration error naming the missing
 * artifact when it would need the SDK.
 */
class SdkOptionalIT {

    private static String classpathWithoutSdk() {
        String cp = System.getProperty("java.class.path");
        List<String> kept = Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !e.replace('\\', '/').contains("/software/amazon/awssdk/"))
                .filter(e -> !e.replace('\\', '/').contains("/software/amazon/eventstream/"))
                .collect(Collectors.toList());
        assertThat(kept).as("the SDK jars were on the test classpath and are removed").hasSizeLessThan(cp.split(File.pathSeparator).length);
        return String.join(File.pathSeparator, kept);
    }

    private static List<String> run(String mode, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpathWithoutSdk(), ExtensionOnlyMain.class.getName(), mode);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("LAMBDAKIT_") || k.startsWith("PARAMETERS_SECRETS"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text.lines().toList();
    }

    @Test
    void extensionPath_worksWithNoSdkOnTheClasspath() throws Exception {
        try (LocalSecretsExtension extension = LocalSecretsExtension.builder()
                .secret("prod/db", "db-value").parameter("/orders/endpoint", "https://orders").start()) {
            Map<String, String> env = new java.util.HashMap<>(extension.environment());
            env.put("LAMBDAKIT_SECRETS_PROVIDER", "extension");

            List<String> out = run("extension", env);

            assertThat(out).contains("sdk-present=false", "secret=db-value", "parameter=https://orders",
                    "source=the Parameters and Secrets extension on localhost:" + extension.port());
        }
    }

    @Test
    void sdkNeededButAbsent_isAConfigurationErrorNamingTheArtifact() throws Exception {
        List<String> out = run("sdk", Map.of("AWS_REGION", "eu-west-1"));

        assertThat(out).contains("sdk-present=false");
        assertThat(out).anySatisfy(line -> assertThat(line).startsWith("configuration-error=lambdakit-secrets is misconfigured")
                .contains("software.amazon.awssdk:secretsmanager").contains("LAMBDAKIT_SECRETS_PROVIDER=extension"));
    }
}
