package io.lambdakit.secrets;

import io.lambdakit.testing.PreloadProbe;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.secrets.spi.ParameterRequest;
import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.secrets.spi.SecretRequest;
import io.lambdakit.secrets.spi.SecretSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SnapStart: the secrets class list is recorded by the build and preloaded once per environment before the checkpoint. */
class SecretsSnapStartTest {

    @Test
    void build_recordsSecretsClassList_withTheExtensionClientAndTheSdkPath() {
        List<String> names = ClassPreloader.read("secrets", getClass().getClassLoader());

        assertThat(Files.exists(Paths.get("target/classes", ClassPreloader.resource("secrets")))).isTrue();
        assertThat(names).hasSizeGreaterThan(100)
                .contains("io.lambdakit.secrets.internal.ExtensionClient", "io.lambdakit.secrets.internal.CacheEngine",
                        "software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest")
                .noneMatch(n -> n.contains("PreloadScenario") || n.contains("$$Lambda") || n.startsWith("java.lang.invoke."));
    }

    @Test
    void preload_freshLoader_loadsTheHotPathIncludingTheSdk() throws Exception {
        List<String> names = PreloadProbe.onThisJdk(ClassPreloader.read("secrets", getClass().getClassLoader()));
        try (PreloadProbe probe = PreloadProbe.ofClassPath()) {
            assertThat(probe.hasLoaded("io.lambdakit.secrets.internal.ExtensionClient")).isFalse();

            ClassPreloader.Report report = ClassPreloader.preload("secrets", names, probe);

            assertThat(report.missing()).as("missing: %s", report.examples()).isZero();
            assertThat(report.failed()).as("failed: %s", report.examples()).isZero();
            assertThat(probe.hasLoaded("io.lambdakit.secrets.internal.ExtensionClient")).isTrue();
        }
    }

    @Test
    void preload_functionWithoutTheSdk_countsTheSdkClassesMissingAndNeverFails() throws Exception {
        List<String> names = PreloadProbe.onThisJdk(ClassPreloader.read("secrets", getClass().getClassLoader()));
        try (PreloadProbe probe = PreloadProbe.of(Secrets.class, ExecutionEnvironment.class, ObjectMapper.class, JsonFactory.class,
                JsonProperty.class, Context.class, org.crac.Resource.class, org.slf4j.Logger.class)) {

            ClassPreloader.Report report = ClassPreloader.preload("secrets", names, probe);

            assertThat(report.missing()).isGreaterThan(100);
            assertThat(report.examples()).allMatch(n -> n.startsWith("software.amazon.awssdk.") || n.contains("internal.sdk."));
            assertThat(probe.hasLoaded("io.lambdakit.secrets.internal.ExtensionClient")).isTrue();
        }
    }

    @Test
    void beforeCheckpoint_secretsAndParametersShareOnePreload() throws Exception {
        Lifecycle lifecycle = Lifecycle.create(line -> { });
        ExecutionEnvironment ee = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("AWS_REGION", "eu-west-1"))).lifecycle(lifecycle).build();
        Secrets.builder().executionEnvironment(ee).source(new SecretSource() {
            @Override
            public RawValue fetch(SecretRequest request) {
                return RawValue.ofText("v", "1");
            }

            @Override
            public String describe() {
                return "a test source";
            }
        }).build();
        Parameters.builder().executionEnvironment(ee).source(new ParameterSource() {
            @Override
            public RawValue fetch(ParameterRequest request) {
                return RawValue.ofText("p", "1");
            }

            @Override
            public String describe() {
                return "a test source";
            }
        }).build();

        List<Lifecycle.HookRun> runs = lifecycle.beforeCheckpoint();

        assertThat(runs).extracting(Lifecycle.HookRun::name).filteredOn(n -> n.startsWith("lambdakit-secrets"))
                .containsExactly("lambdakit-secrets: preload hot-path classes");
        ClassPreloader preloader = ClassPreloader.register(lifecycle, "secrets", Class.forName("io.lambdakit.secrets.internal.RestoreHook"));
        ClassPreloader.Report report = preloader.lastReport().orElseThrow(); // the facade's registration, de-duplicated by owner
        int present = PreloadProbe.onThisJdk(ClassPreloader.read("secrets", getClass().getClassLoader())).size();
        assertThat(report.loaded()).isEqualTo(present);
    }
}
