package io.lambdakit.testing;

import io.lambdakit.core.InitializationType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a {@link LocalFunction.Builder} collected: the function's configuration, fixed once it starts. */
final class FunctionSettings {
    String handler;
    LocalFunction.Mode mode = LocalFunction.Mode.RUNTIME_CLIENT;
    Map<String, String> environment = new LinkedHashMap<>();
    Duration timeout = TestContext.DEFAULT_TIMEOUT;
    Duration initTimeout;
    InitializationType initializationType = InitializationType.ON_DEMAND;
    String functionName;
    String functionVersion = "$LATEST";
    int memoryMb = TestContext.DEFAULT_MEMORY_MB;
    String region = TestContext.DEFAULT_REGION;
    boolean tracing = true;
    List<String> jvmArgs = new ArrayList<>();
    List<Path> classpath = new ArrayList<>();
    Path javaHome;
    Path workDirectory;
    boolean forceJavaLoop;
    /** {@link LocalFunction.Builder#runtime(JavaRuntime)}, or derived from the child JVM at build. */
    JavaRuntime runtime;
    /** True when {@link #runtime} was set by the user. */
    boolean runtimeChosen;
    /** {@link LocalFunction.Builder#tenantIsolation(boolean)}. */
    boolean tenantIsolation;
    /** {@link LocalFunction.Builder#maxConcurrency(int)}, null when not called. */
    Integer maxConcurrency;

    /**
     * @param workDirectory the copy's directory
     * @return a copy for one tenant's environments: the same function, without tenant isolation of its own
     */
    FunctionSettings forTenant(Path workDirectory) {
        FunctionSettings t = new FunctionSettings();
        t.handler = handler;
        t.mode = mode;
        t.environment = environment;
        t.timeout = timeout;
        t.initTimeout = initTimeout;
        t.initializationType = initializationType;
        t.functionName = functionName;
        t.functionVersion = functionVersion;
        t.memoryMb = memoryMb;
        t.region = region;
        t.tracing = tracing;
        t.jvmArgs = jvmArgs;
        t.classpath = classpath;
        t.javaHome = javaHome;
        t.workDirectory = workDirectory;
        t.forceJavaLoop = forceJavaLoop;
        t.maxConcurrency = maxConcurrency;
        t.runtime = runtime;
        t.runtimeChosen = runtimeChosen;
        return t;
    }

    /** @return true for a Lambda Managed Instances function: several invocations at once in one environment */
    boolean managedInstances() {
        return initializationType == InitializationType.LAMBDA_MANAGED_INSTANCES;
    }

    /** @return how many invocations one environment runs at once: 1 unless managed instances */
    int concurrency() {
        if (!managedInstances()) {
            return 1;
        }
        return maxConcurrency != null ? maxConcurrency : LocalFunction.DEFAULT_MAX_CONCURRENCY;
    }
}
