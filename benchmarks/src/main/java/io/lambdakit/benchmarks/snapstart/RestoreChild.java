package io.lambdakit.benchmarks.snapstart;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.testing.LocalSecretsExtension;
import io.lambdakit.testing.LocalXRayDaemon;
import io.lambdakit.testing.TestContext;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One measured environment, in a fresh JVM: init the function, then run the before-checkpoint
 * hooks with the handler primed ({@code primed}), run them without handler priming, i.e. the
 * modules' class preloading and codec warm-up only ({@code preloaded}), or skip them
 * ({@code lazy}); run the after-restore hooks, and time the first invocation after the restore,
 * counting the classes it loads. Prints one {@code RESULT} line, with the JVM's version and its
 * effective {@code TieredStopAtLevel} (1: C1 only; 4: C2 included).
 */
public final class RestoreChild {

    private RestoreChild() {
    }

    /**
     * @param args {@code primed}, {@code preloaded} or {@code lazy}
     * @throws Exception when the function fails
     */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "lazy";
        if (!mode.equals("primed") && !mode.equals("preloaded") && !mode.equals("lazy")) {
            throw new IllegalArgumentException("mode was '" + mode + "' but it must be primed, preloaded or lazy");
        }
        boolean checkpoint = !mode.equals("lazy");
        try (LocalSecretsExtension extension = LocalSecretsExtension.builder().secret("bench/api-key", "synthetic-key-0123456789").start();
             LocalXRayDaemon daemon = LocalXRayDaemon.start()) {
            Map<String, String> variables = new HashMap<>(extension.environment());
            variables.put(Environment.AWS_LAMBDA_FUNCTION_NAME, "bench");
            variables.put("AWS_REGION", "eu-west-1");
            variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            ExecutionEnvironment ee = ExecutionEnvironment.builder().environment(Environment.of(variables))
                    .lifecycle(Lifecycle.create(line -> { })).systemProperties(k -> null).build();
            BenchFunction function = new BenchFunction(ee, daemon.address(), extension.port(), mode.equals("primed"));

            long checkpointNanos = 0;
            if (checkpoint) {
                long t = System.nanoTime();
                ee.lifecycle().beforeCheckpoint();
                checkpointNanos = System.nanoTime() - t;
            }
            long r = System.nanoTime();
            ee.lifecycle().afterRestore();
            long restoreNanos = System.nanoTime() - r;

            ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
            TestContext context = TestContext.builder().requestId("first-after-restore").functionName("bench")
                    .timeout(Duration.ofSeconds(30))
                    .xrayTraceId("Root=1-6740566c-a006649127e371903a2de979;Parent=defdfd9912dc5a56;Sampled=1").build();
            long loadedBefore = classes.getTotalLoadedClassCount();
            long start = System.nanoTime();
            Map<String, Object> result = function.handle(BenchFunction.event("o-1"), context);
            long firstNanos = System.nanoTime() - start;
            long loadedDuring = classes.getTotalLoadedClassCount() - loadedBefore;
            if (!"o-1".equals(result.get("orderId"))) {
                throw new IllegalStateException("unexpected result " + result);
            }
            System.out.println("RESULT mode=" + mode + " firstInvocationNanos=" + firstNanos
                    + " classesLoaded=" + loadedDuring + " checkpointNanos=" + checkpointNanos + " restoreNanos=" + restoreNanos
                    + " java=" + System.getProperty("java.version") + " tieredStopAtLevel=" + tieredStopAtLevel());
        }
    }

    private static int tieredStopAtLevel() {
        return Integer.parseInt(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("TieredStopAtLevel").getValue());
    }
}
