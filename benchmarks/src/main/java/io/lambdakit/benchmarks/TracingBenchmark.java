package io.lambdakit.benchmarks;

import io.lambdakit.benchmarks.variants.BenchContext;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.tracing.TraceOptions;
import io.lambdakit.tracing.Tracer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Cost of lambdakit-tracing (goals from issue 6: with {@code Sampled=0} a traced call adds only
 * nanoseconds; with {@code Sampled=1} a subsegment costs a few microseconds plus one UDP send), and
 * its start-up weight against the X-Ray SDK.
 * <ul>
 *   <li>{@code unsampledTracedCall}: {@code tracer.trace("work", ..)} inside an open invocation whose
 *       header says {@code Sampled=0}: the per-call overhead users pay on every traced method.</li>
 *   <li>{@code unsampledHandler}: a whole {@code execute(context, ..)} with {@code Sampled=0}, including
 *       opening the invocation scope (core's {@code enter}: context object, trace header parse).</li>
 *   <li>{@code sampledHandlerUdp}: a sampled handler with one nested subsegment, an annotation and the
 *       captured response, sent as one document over a real UDP socket to a loopback receiver: the full
 *       cost including the {@code sendto}.</li>
 *   <li>{@code udpSendOnly}: the system call alone, without lambdakit: one datagram of that document's size
 *       sent the way the tracer sends it (a non-blocking, unconnected {@code DatagramChannel}) to the same
 *       receiver. {@code sampledHandlerUdp} minus this is the CPU cost of recording and encoding.</li>
 *   <li>{@code firstTracedInvocation} (single shot, fresh JVM per fork): build the tracer and run the
 *       first sampled handler invocation; the aux counter {@code classesLoaded} is the number of
 *       classes that loaded.</li>
 *   <li>{@code xraySdkFirstSubsegment} (single shot, fresh JVM per fork): the same first segment and
 *       subsegment with the AWS X-Ray SDK for Java, called reflectively so that this class compiles
 *       without it. Needs {@code com.amazonaws:aws-xray-recorder-sdk-core:2.21.0} on the benchmark
 *       classpath; without it the counter {@code xraySdkPresent} is 0 and nothing is measured.</li>
 * </ul>
 * Needs lambdakit-tracing (with lambdakit-core) on the benchmark classpath.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class TracingBenchmark {

    private static final String TRACE_ID = "1-6740566c-a006649127e371903a2de979";
    private static final TraceOptions WORK = TraceOptions.of("work");

    /** A loopback UDP receiver that drains datagrams, standing in for the daemon; it keeps the first one's size. */
    static final class Sink implements AutoCloseable {
        final DatagramSocket socket;
        final Thread drain;
        final CountDownLatch first = new CountDownLatch(1);
        volatile int firstSize;

        Sink() {
            try {
                socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                socket.setReceiveBufferSize(4 * 1024 * 1024);
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
            drain = new Thread(() -> {
                byte[] buf = new byte[70_000];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket packet = new DatagramPacket(buf, buf.length);
                        socket.receive(packet);
                        if (first.getCount() > 0) {
                            firstSize = packet.getLength();
                            first.countDown();
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "bench-daemon");
            drain.setDaemon(true);
            drain.start();
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        /** The size of the first datagram received, waiting up to 10 s for it. */
        int awaitFirstSize() {
            try {
                if (!first.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no datagram reached the loopback receiver in 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return firstSize;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** The tracer configured as at function init, and a channel sending a datagram of its document's size. */
    @State(Scope.Benchmark)
    public static class Shared {
        Sink sink;
        ExecutionEnvironment environment;
        Tracer udpTracer;
        DatagramChannel channel;
        InetSocketAddress target;
        ByteBuffer datagram;

        @Setup
        public void setUp() throws IOException {
            sink = new Sink();
            environment = ExecutionEnvironment.builder()
                    .environment(Environment.of(Map.of(
                            "POWERTOOLS_SERVICE_NAME", "orders",
                            "AWS_LAMBDA_FUNCTION_NAME", "bench-fn",
                            "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")))
                    .systemProperties(name -> null)
                    .build();
            udpTracer = Tracer.builder().executionEnvironment(environment).daemonAddress(sink.address()).build();
            sampledHandler(udpTracer);
            datagram = ByteBuffer.allocateDirect(sink.awaitFirstSize());
            target = new InetSocketAddress(InetAddress.getLoopbackAddress(), sink.socket.getLocalPort());
            channel = DatagramChannel.open();
            channel.configureBlocking(false);
        }

        @TearDown
        public void tearDown() throws IOException {
            channel.close();
            udpTracer.close();
            sink.close();
        }
    }

    /** An unsampled invocation kept open on the benchmark thread, as inside a handler. */
    @State(Scope.Thread)
    public static class UnsampledInvocation {
        InvocationScope scope;

        @Setup(Level.Trial)
        public void open(Shared shared) {
            scope = shared.environment.enter(context("Root=" + TRACE_ID + ";Parent=53995c3f42cd8ad8;Sampled=0"));
        }

        @TearDown(Level.Trial)
        public void close() {
            scope.close();
        }
    }

    @Benchmark
    public Object unsampledTracedCall(Shared shared, UnsampledInvocation invocation) {
        return shared.udpTracer.trace("work", () -> "result");
    }

    @Benchmark
    public Object unsampledHandler(Shared shared) {
        return shared.udpTracer.execute(context("Root=" + TRACE_ID + ";Parent=53995c3f42cd8ad8;Sampled=0"),
                () -> shared.udpTracer.trace(WORK, () -> "result"));
    }

    @Benchmark
    public Object sampledHandlerUdp(Shared shared) {
        return sampledHandler(shared.udpTracer);
    }

    @Benchmark
    public int udpSendOnly(Shared shared) throws IOException {
        ByteBuffer datagram = shared.datagram;
        datagram.clear();
        return shared.channel.send(datagram, shared.target);
    }

    static Object sampledHandler(Tracer tracer) {
        return tracer.execute(context("Root=" + TRACE_ID + ";Parent=53995c3f42cd8ad8;Sampled=1"), () -> {
            tracer.putAnnotation("order_id", "o-42");
            return tracer.trace(WORK, () -> "result");
        });
    }

    /** Classes loaded during one single-shot measurement. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class ClassCount {
        public long classesLoaded;
        public long xraySdkPresent;
        long before;

        @Setup(Level.Iteration)
        public void mark() {
            before = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        }

        void stop() {
            classesLoaded = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - before;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 10, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"})
    public void firstTracedInvocation(ClassCount count, Blackhole bh) {
        ExecutionEnvironment env = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("POWERTOOLS_SERVICE_NAME", "orders", "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")))
                .systemProperties(name -> null)
                .build();
        try (Tracer tracer = Tracer.builder().executionEnvironment(env).daemonAddress("127.0.0.1:2000").build()) {
            bh.consume(tracer.execute(context("Root=" + TRACE_ID + ";Parent=53995c3f42cd8ad8;Sampled=1"),
                    () -> tracer.trace("work", () -> "result")));
        }
        count.stop();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 10, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Dcom.amazonaws.xray.emitters.daemonAddress=127.0.0.1:2000"})
    public void xraySdkFirstSubsegment(ClassCount count, Blackhole bh) throws Exception {
        Class<?> xray;
        try {
            xray = Class.forName("com.amazonaws.xray.AWSXRay");
        } catch (ClassNotFoundException e) {
            count.xraySdkPresent = 0;
            count.stop();
            return;
        }
        count.xraySdkPresent = 1;
        bh.consume(xray.getMethod("beginSegment", String.class).invoke(null, "orders"));
        bh.consume(xray.getMethod("beginSubsegment", String.class).invoke(null, "## handleRequest"));
        bh.consume(xray.getMethod("beginSubsegment", String.class).invoke(null, "## work"));
        xray.getMethod("endSubsegment").invoke(null);
        xray.getMethod("endSubsegment").invoke(null);
        xray.getMethod("endSegment").invoke(null);
        count.stop();
    }

    static Context context(String traceHeader) {
        return new BenchContext(UUID.randomUUID().toString(), traceHeader);
    }

}
