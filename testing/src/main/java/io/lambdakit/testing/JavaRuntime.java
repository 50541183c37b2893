package io.lambdakit.testing;

import io.lambdakit.core.InitializationType;

import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda managed Java runtime a {@link LocalFunction} imitates: its {@code AWS_EXECUTION_ENV} and the JVM flags
 * the runtime starts the JVM with, which differ by runtime and initialization type. Choose one with
 * {@link LocalFunction.Builder#runtime(JavaRuntime)}; by default it follows the child JVM's version ({@link #of(int)}).
 */
public enum JavaRuntime {
    /** {@code java17} (Amazon Linux 2): C1-only tiered compilation whatever the initialization type. */
    JAVA17(17),
    /** {@code java21} (Amazon Linux 2023): C1-only tiered compilation whatever the initialization type. */
    JAVA21(21),
    /**
     * {@code java25} (Amazon Linux 2023): C1-only tiered compilation on demand, but SnapStart and provisioned
     * concurrency run with the JVM's default tiered compilation (C2 included), since their init happens before
     * any request waits (AWS blog "AWS Lambda now supports Java 25", 2025-11). Managed instances keep the
     * on-demand flags: the announcement names only SnapStart and provisioned concurrency.
     */
    JAVA25(25);

    private final int version;

    JavaRuntime(int version) {
        this.version = version;
    }

    /** @return the Java feature version, e.g. 21 */
    public int version() {
        return version;
    }

    /** @return the runtime identifier, e.g. {@code java21} */
    public String identifier() {
        return "java" + version;
    }

    /** @return the value of {@code AWS_EXECUTION_ENV}, e.g. {@code AWS_Lambda_java21} */
    public String executionEnvironment() {
        return "AWS_Lambda_" + identifier();
    }

    /**
     * @param type the function's initialization type
     * @return the JVM flags this runtime starts the JVM with (before the heap size and the user's)
     */
    public List<String> jvmFlags(InitializationType type) {
        if (this == JAVA25 && (type == InitializationType.SNAP_START || type == InitializationType.PROVISIONED_CONCURRENCY)) {
            List<String> flags = new ArrayList<>(LocalFunction.MANAGED_RUNTIME_JVM_FLAGS);
            flags.remove("-XX:+TieredCompilation");
            flags.remove("-XX:TieredStopAtLevel=1");
            return List.copyOf(flags);
        }
        return LocalFunction.MANAGED_RUNTIME_JVM_FLAGS;
    }

    /**
     * @param javaVersion a JVM's feature version
     * @return the newest runtime that JVM can run: 17 to 20 give {@link #JAVA17}, 21 to 24 {@link #JAVA21}, 25 and
     *         later {@link #JAVA25}
     * @throws IllegalArgumentException below 17, the oldest Java lambdakit runs on
     */
    public static JavaRuntime of(int javaVersion) {
        if (javaVersion < 17) {
            throw new IllegalArgumentException("Java " + javaVersion + " is older than Java 17, the oldest lambdakit runs on");
        }
        return javaVersion >= 25 ? JAVA25 : javaVersion >= 21 ? JAVA21 : JAVA17;
    }
}
