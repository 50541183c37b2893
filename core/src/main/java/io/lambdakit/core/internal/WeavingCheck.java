package io.lambdakit.core.internal;

import io.lambdakit.core.spi.LineHead;
import io.lambdakit.core.spi.WeavingScanner;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The init-time guard against annotations that silently do nothing: once per process, reads the
 * handler class named by {@code _HANDLER} (and its superclasses) as class files and looks for
 * lambdakit annotations that were not woven ({@link WeavingScanner}). An unwoven
 * {@code @Idempotent} fails the init with a {@link ConfigurationException} (a guarded method must
 * never run unguarded), and keeps failing every later attempt in this process; any other unwoven
 * annotation is reported once, as one WARN line on standard output.
 *
 * <p>It runs from {@code ExecutionEnvironment.current()}, which every module calls when it is
 * first configured (an {@code Idempotency} registered in the handler's constructor, the first
 * logger of lambdakit-logging, a {@code Metrics} or {@code Tracing} instance). Outside Lambda
 * ({@code _HANDLER} unset) it does nothing. When no lambdakit API is called at init at all, nothing
 * of lambdakit runs and this check cannot either: the build-time check
 * ({@code lambdakit-maven-plugin:verify-weaving}) is the guard then.
 */
public final class WeavingCheck {

    /** The component named in the exception. */
    public static final String COMPONENT = "the function's AspectJ weaving";

    private static final Object PASSED = new Object();
    /** The process's check; a {@code ProcessScope} holds its own {@link Once}. */
    private static final Once PROCESS = new Once();

    private WeavingCheck() {
    }

    /**
     * Runs the check on the first call in this process and remembers the outcome: later calls cost
     * one volatile read, or rethrow the failure.
     *
     * @param environment the process's environment snapshot ({@code _HANDLER})
     * @throws ConfigurationException when the handler has an unwoven {@code @Idempotent} method
     */
    public static void verifyOnce(Environment environment) {
        PROCESS.verify(environment);
    }

    /**
     * The check run once per holder (the process, or a {@code ProcessScope} against its own
     * {@code _HANDLER}, as a process runs it against its own), its outcome remembered.
     */
    public static final class Once {
        private final Object lock = new Object();
        /** null: not checked yet; {@link #PASSED}; or the {@link ConfigurationException} to rethrow. */
        private volatile Object state;

        /**
         * Runs the check on the first call and remembers the outcome: later calls cost one volatile
         * read, or rethrow the failure.
         *
         * @param environment the environment snapshot ({@code _HANDLER})
         * @throws ConfigurationException when the handler has an unwoven {@code @Idempotent} method
         */
        public void verify(Environment environment) {
            Object s = state;
            if (s == PASSED) {
                return;
            }
            if (s == null) {
                synchronized (lock) {
                    s = state;
                    if (s == null) {
                        s = run(environment, loader(), System.out);
                        state = s;
                    }
                }
            }
            if (s instanceof ConfigurationException failure) {
                throw failure;
            }
        }
    }

    private static ClassLoader loader() {
        ClassLoader l = WeavingCheck.class.getClassLoader();
        return l != null ? l : ClassLoader.getSystemClassLoader();
    }

    /**
     * The check itself, for tests: returns {@link #PASSED} or the exception to throw, and writes
     * the warning line (if any) to {@code out}.
     */
    static Object run(Environment environment, ClassLoader loader, PrintStream out) {
        String handler = environment.get(Environment.HANDLER).orElse(null);
        if (handler == null) {
            return PASSED;
        }
        List<WeavingScanner.Finding> findings = findings(handlerClass(handler), loader);
        if (findings.isEmpty()) {
            return PASSED;
        }
        ConfigurationException.Problems fatal = ConfigurationException.problems(COMPONENT);
        List<String> warnings = new ArrayList<>();
        for (WeavingScanner.Finding f : findings) {
            if (f.fatal()) {
                fatal.add(f.message());
            } else {
                warnings.add(f.message());
            }
        }
        if (!fatal.isEmpty()) {
            for (String w : warnings) {
                fatal.add(w);
            }
            try {
                fatal.throwIfAny();
            } catch (ConfigurationException e) {
                return e;
            }
        }
        out.println(warning(warnings, Clock.systemUTC(), environment.serviceName()));
        return PASSED;
    }

    /** {@code pkg.Class::method} or {@code pkg.Class} to {@code pkg.Class}. */
    static String handlerClass(String handler) {
        int sep = handler.indexOf("::");
        return (sep < 0 ? handler : handler.substring(0, sep)).trim();
    }

    /** The findings of the class and its superclasses (up to the JDK's and the runtime's own). */
    static List<WeavingScanner.Finding> findings(String className, ClassLoader loader) {
        List<WeavingScanner.Finding> all = new ArrayList<>();
        String internal = className.replace('.', '/');
        for (int depth = 0; internal != null && depth < 16 && !isPlatform(internal); depth++) {
            byte[] bytes = read(loader, internal);
            if (bytes == null) {
                break; // not ours to judge: the runtime reports a missing handler class itself
            }
            WeavingScanner.Result r;
            try {
                r = WeavingScanner.scan(bytes);
            } catch (IllegalArgumentException e) {
                break;
            }
            all.addAll(r.findings());
            internal = r.superName();
        }
        return all;
    }

    private static boolean isPlatform(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/") || internalName.startsWith("jdk/")
                || internalName.startsWith("com/amazonaws/services/lambda/runtime/");
    }

    private static byte[] read(ClassLoader loader, String internalName) {
        String resource = new StringBuilder(internalName.length() + 6).append(internalName).append(".class").toString();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    static String warning(List<String> problems, Clock clock, String service) {
        StringBuilder message = new StringBuilder(256).append("lambdakit: ").append(problems.size())
                .append(problems.size() == 1 ? " annotation does" : " annotations do").append(" nothing:");
        for (String p : problems) {
            message.append("\n - ").append(p);
        }
        return LineHead.line(clock.millis(), "WARN", message.toString(), WeavingCheck.class.getName(), service);
    }
}
