package io.lambdakit.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.SocketException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Per-invocation cost of the three benchmark functions, warm, in one JVM each: (A) bare, (B)
 * lambdakit, (C) Powertools, all doing the same work (read an API Gateway event and its JSON body,
 * three structured log lines with two keys, two metrics with one dimension, one traced method, a
 * response). The overhead of a toolkit is its score minus the bare one. Run with {@code -prof gc}
 * for allocation per invocation.
 *
 * <p>Each variant is loaded from its own runtime classpath ({@code benchmarks/variant-X/target})
 * in a class loader whose parent is the platform loader, so Powertools' log4j and lambdakit's SLF4J
 * provider never meet; it is called through {@link Supplier} (no reflection on the measured path).
 * Output goes to {@code System.out}, pointed at a discarding stream for all three alike, after a
 * first invocation whose output is checked (three log lines, one EMF blob). Traces are sampled and
 * really sent, over UDP to a socket bound here that never reads (the kernel drops what overflows).
 *
 * <p>Needs the environment that {@code benchmarks/run} sets: {@code POWERTOOLS_SERVICE_NAME},
 * {@code POWERTOOLS_METRICS_NAMESPACE}, {@code LAMBDA_TASK_ROOT}, {@code AWS_XRAY_DAEMON_ADDRESS},
 * {@code LAMBDAKIT_BENCH_DIR}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Benchmark)
public class OverheadBenchmark {

    /** Which function. */
    @Param({"bare", "lambdakit", "powertools"})
    public String variant;

    private Supplier<Object> invoker;
    private URLClassLoader loader;
    private DatagramSocket daemon;
    private PrintStream originalOut;
    private final SwitchableOutput output = new SwitchableOutput();

    /**
     * Loads the variant, runs one checked invocation, then discards output.
     *
     * @throws Exception when the variant cannot be loaded or does not do the work
     */
    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        for (String name : List.of("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "LAMBDA_TASK_ROOT", "AWS_XRAY_DAEMON_ADDRESS")) {
            if (System.getenv(name) == null) {
                throw new IllegalStateException(name + " is not set; run this benchmark through benchmarks/run, which sets "
                        + "the function's environment");
            }
        }
        String[] daemonAddress = System.getenv("AWS_XRAY_DAEMON_ADDRESS").split(":");
        daemon = bindDaemon(daemonAddress[0], Integer.parseInt(daemonAddress[1]));
        originalOut = System.out;
        ByteArrayOutputStream firstOutput = new ByteArrayOutputStream();
        output.target = firstOutput;
        System.setOut(new PrintStream(output, false, StandardCharsets.UTF_8));

        loader = new URLClassLoader("variant-" + variant, classpath(variant), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        String invokerClass = "io.lambdakit.benchmarks.variants." + variant + ".Invoker";
        invoker = (Supplier<Object>) loader.loadClass(invokerClass).getConstructor().newInstance();
        Object response = invoker.get();
        System.out.flush();
        String out = firstOutput.toString(StandardCharsets.UTF_8);
        long lines = out.lines().filter(l -> l.contains("\"order ")).count();
        long emf = out.lines().filter(l -> l.contains("\"_aws\"")).count();
        if (response == null || lines != 3 || emf != 1) {
            throw new IllegalStateException(variant + " did not do the benchmark's work (" + lines + " log lines, " + emf
                    + " EMF blobs):\n" + out);
        }
        output.target = OutputStream.nullOutputStream();
    }

    /** Keeps the variant's class loader as the thread's context loader (log4j looks there). */
    @Setup(Level.Iteration)
    public void contextLoader() {
        Thread.currentThread().setContextClassLoader(loader);
    }

    /**
     * Restores stdout and closes what the trial opened.
     *
     * @throws IOException when the class loader cannot be closed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        System.setOut(originalOut);
        daemon.close();
        loader.close();
    }

    /** @return the handler's response */
    @Benchmark
    public Object invocation() {
        return invoker.get();
    }

    static DatagramSocket bindDaemon(String host, int port) throws SocketException {
        DatagramSocket s = new DatagramSocket(null);
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(host, port));
        return s;
    }

    static URL[] classpath(String variant) throws IOException {
        String dir = System.getenv("LAMBDAKIT_BENCH_DIR");
        Path benchmarks = dir != null ? Path.of(dir) : Path.of("benchmarks");
        Path target = benchmarks.resolve("variant-" + variant).resolve("target");
        Path jar = target.resolve("lambdakit-bench-variant-" + variant + ".jar");
        Path listing = target.resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(listing)) {
            throw new IllegalStateException(jar + " or " + listing + " is missing; build with benchmarks/run (or "
                    + "mvn -pl benchmarks/harness,benchmarks/coldstart -am package -DskipTests) first");
        }
        List<URL> urls = new ArrayList<>();
        urls.add(toUrl(jar));
        for (String entry : Files.readString(listing, StandardCharsets.UTF_8).trim().split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.add(toUrl(Path.of(entry.trim())));
            }
        }
        return urls.toArray(new URL[0]);
    }

    private static URL toUrl(Path p) throws MalformedURLException {
        return p.toAbsolutePath().toUri().toURL();
    }

    /** stdout for the variants: checked during the first invocation, discarded afterwards. */
    static final class SwitchableOutput extends OutputStream {
        volatile OutputStream target = OutputStream.nullOutputStream();

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }
    }
}
