package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.InitializationType;
import io.lambdakit.testing.sample.RuntimeProbeHandler;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/** {@link JavaRuntime}: the managed runtime's variables and JVM flags, checked inside a child JVM. */
class JavaRuntimeIT {

    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @Test
    void start_onAJava25Home_imitatesJava25WithC1OnlyOnDemandAndTheDefaultTieringForProvisionedConcurrency() {
        assumeThat(Files.isRegularFile(JDK25.resolve("bin/java"))).as("a JDK 25 at " + JDK25).isTrue();
        try (LocalFunction onDemand = LocalFunction.builder().handler(RuntimeProbeHandler.class).javaHome(JDK25).start();
             LocalFunction provisioned = LocalFunction.builder().handler(RuntimeProbeHandler.class).javaHome(JDK25)
                     .initializationType(InitializationType.PROVISIONED_CONCURRENCY).start()) {
            JsonNode child = onDemand.invoke("{}").responseJson();
            JsonNode warm = provisioned.invoke("{}").responseJson();

            assertThat(onDemand.runtime()).isEqualTo(JavaRuntime.JAVA25);
            assertThat(child.path("javaVersion").asInt()).isEqualTo(25);
            assertThat(child.path("executionEnv").asText()).isEqualTo("AWS_Lambda_java25");
            assertThat(strings(child.path("jvmArgs"))).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
            assertThat(warm.path("initType").asText()).isEqualTo("provisioned-concurrency");
            assertThat(strings(warm.path("jvmArgs"))).contains("-XX:+UseSerialGC")
                    .noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel"));
        }
    }

    @Test
    void start_onThisJava17Jvm_keepsC1OnlyForProvisionedConcurrency() {
        assumeThat(Runtime.version().feature()).isBetween(17, 20);
        try (LocalFunction fn = LocalFunction.builder().handler(RuntimeProbeHandler.class)
                .initializationType(InitializationType.PROVISIONED_CONCURRENCY).start()) {
            JsonNode child = fn.invoke("{}").responseJson();

            assertThat(fn.runtime()).isEqualTo(JavaRuntime.JAVA17);
            assertThat(child.path("executionEnv").asText()).isEqualTo("AWS_Lambda_java17");
            assertThat(strings(child.path("jvmArgs"))).contains("-XX:TieredStopAtLevel=1");
        }
    }

    @Test
    void runtimeFlags_perRuntimeAndInitializationType() {
        assertThat(JavaRuntime.of(17)).isEqualTo(JavaRuntime.JAVA17);
        assertThat(JavaRuntime.of(20)).isEqualTo(JavaRuntime.JAVA17);
        assertThat(JavaRuntime.of(21)).isEqualTo(JavaRuntime.JAVA21);
        assertThat(JavaRuntime.of(25)).isEqualTo(JavaRuntime.JAVA25);
        assertThat(JavaRuntime.of(26)).isEqualTo(JavaRuntime.JAVA25);
        assertThat(JavaRuntime.JAVA21.jvmFlags(InitializationType.SNAP_START)).isEqualTo(LocalFunction.MANAGED_RUNTIME_JVM_FLAGS);
        assertThat(JavaRuntime.JAVA25.jvmFlags(InitializationType.ON_DEMAND)).isEqualTo(LocalFunction.MANAGED_RUNTIME_JVM_FLAGS);
        assertThat(JavaRuntime.JAVA25.jvmFlags(InitializationType.LAMBDA_MANAGED_INSTANCES)).isEqualTo(LocalFunction.MANAGED_RUNTIME_JVM_FLAGS);
        assertThat(JavaRuntime.JAVA25.jvmFlags(InitializationType.SNAP_START))
                .containsExactly("-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData", "-Djava.net.preferIPv4Stack=true");
    }

    @Test
    void build_runtimeTheChildJvmOrManagedInstancesCannotRun_failsNamingTheFix() {
        assumeThat(Runtime.version().feature()).isLessThan(25);
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> LocalFunction.builder()
                .handler(RuntimeProbeHandler.class).runtime(JavaRuntime.JAVA25).build());
        assertThat(e.problems()).singleElement().asString().startsWith("runtime(JAVA25) needs a Java 25 JVM but the child JVM is Java ");

        ConfigurationException lmi = catchThrowableOfType(ConfigurationException.class, () -> LocalFunction.builder()
                .handler(RuntimeProbeHandler.class).runtime(JavaRuntime.JAVA17).maxConcurrency(2).build());
        assertThat(lmi.problems()).containsExactly("runtime(JAVA17) cannot run Lambda Managed Instances, which Lambda offers "
                + "from java21; call runtime(JavaRuntime.JAVA21) or later");
    }

    @Test
    void build_javaHomeWithoutReleaseFile_asksForTheRuntime() throws Exception {
        Path home = Files.createTempDirectory("no-release-jdk");
        try {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> LocalFunction.builder()
                    .handler(RuntimeProbeHandler.class).javaHome(home).build());
            assertThat(e.problems()).containsExactly("cannot tell the Java version of javaHome " + home
                    + " (no release file); call runtime(JavaRuntime.JAVA21) or another");
        } finally {
            Files.delete(home);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
