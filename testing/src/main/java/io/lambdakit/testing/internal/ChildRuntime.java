package io.lambdakit.testing.internal;

import io.lambdakit.core.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One execution environment in a child JVM: a fresh {@link RuntimeApiServer}, the runtime
 * process (the real runtime interface client, or the portable Java loop), and the file its
 * stdout and stderr go to. Every wait is bounded; the process is killed on close.
 */
public final class ChildRuntime implements AutoCloseable {

    /** What the launch needs. */
    public record Spec(Path javaExecutable, List<String> jvmArgs, String classpath, String mainClass,
                       List<String> programArgs, Map<String, String> environment, Path workingDirectory,
                       Path outputFile, String name) {
    }

    /** How init ended. */
    public enum InitState {
        /** The runtime asked for its first invocation. */
        READY,
        /** SnapStart: before-checkpoint hooks ran and the runtime waits on {@code restore/next}. */
        CHECKPOINTED,
        /** The runtime reported an init error. */
        INIT_ERROR,
        /** The process exited before it was ready. */
        EXITED,
        /** Init did not finish in time. */
        TIMED_OUT
    }

    private final RuntimeApiServer api;
    private final Process process;
    private final OutputLog output;

    private ChildRuntime(RuntimeApiServer api, Process process, OutputLog output) {
        this.api = api;
        this.process = process;
        this.output = output;
    }

    /**
     * Starts the Runtime API server and the child process. The environment's
     * {@code AWS_LAMBDA_RUNTIME_API} is set here.
     *
     * @param spec the launch specification
     * @return the running environment
     * @throws UncheckedIOException when the server or process cannot be started
     */
    public static ChildRuntime launch(Spec spec) {
        RuntimeApiServer api = null;
        try {
            api = RuntimeApiServer.start(spec.name());
            OutputLog output = new OutputLog(spec.outputFile());
            List<String> command = new ArrayList<>();
            command.add(spec.javaExecutable().toString());
            command.addAll(spec.jvmArgs());
            command.add("-cp");
            command.add(spec.classpath());
            command.add(spec.mainClass());
            command.addAll(spec.programArgs());
            ProcessBuilder pb = new ProcessBuilder(command);
            Map<String, String> env = pb.environment();
            String systemRoot = env.get("SystemRoot"); // Windows cannot start a JVM without it
            env.clear();
            if (systemRoot != null) {
                env.put("SystemRoot", systemRoot);
            }
            env.putAll(spec.environment());
            env.put(Environment.AWS_LAMBDA_RUNTIME_API, api.address());
            Files.createDirectories(spec.workingDirectory());
            pb.directory(spec.workingDirectory().toFile());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.outputFile().toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            Process process = pb.start();
            return new ChildRuntime(api, process, output);
        } catch (IOException e) {
            if (api != null) {
                api.close();
            }
            throw new UncheckedIOException("cannot start the function's runtime process (" + spec.javaExecutable() + "): " + e.getMessage(), e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** @return the Runtime API server of this environment */
    public RuntimeApiServer api() {
        return api;
    }

    /** @return the captured output */
    public OutputLog output() {
        return output;
    }

    /** @return the process id of the runtime */
    public long pid() {
        return process.pid();
    }

    /** @return true while the runtime process runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the exit code, empty while running */
    public Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** @return completes when the process exits */
    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /**
     * Waits until init ends one way or another.
     *
     * @param timeout the longest wait
     * @return how it ended
     */
    public InitState awaitInit(Duration timeout) {
        CompletableFuture<Object> any = CompletableFuture.anyOf(api.firstNext(), api.initError(),
                api.restoreRequested(), process.onExit());
        try {
            any.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return InitState.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return InitState.TIMED_OUT;
        } catch (ExecutionException e) {
            // none of these complete exceptionally
        }
        if (api.initError().isDone()) {
            return InitState.INIT_ERROR;
        }
        if (api.restoreRequested().isDone()) {
            return InitState.CHECKPOINTED;
        }
        if (api.firstNext().isDone()) {
            return InitState.READY;
        }
        return InitState.EXITED;
    }

    /**
     * Waits for the process to exit after it reported an init error (the runtime client exits
     * right after posting it), so its last output is in the file.
     *
     * @param timeout the longest wait
     */
    public void awaitExit(Duration timeout) {
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process (and anything it started) and stops the server; bounded. */
    @Override
    public void close() {
        try {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            api.close();
        }
    }
}
