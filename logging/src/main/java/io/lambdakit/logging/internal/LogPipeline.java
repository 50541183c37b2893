package io.lambdakit.logging.internal;

import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.spi.JsonWriter;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.logging.spi.LogSink;
import org.slf4j.event.KeyValuePair;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The one log output engine: level decisions, rendering through {@link LineCodec}, per-invocation
 * buffering and the atomic write to the sink. Every logger (SLF4J loggers, the handler engine's
 * own lines) goes through {@link #emit}. Thread-safe; rendering uses one scratch buffer per thread
 * (a fresh one when a {@code toString()} logs while a line is being rendered).
 */
public final class LogPipeline {

    /** The logger name of lambdakit's own lines. */
    public static final String OWN_LOGGER = "io.lambdakit.logging";

    private static final ThreadLocal<LineCodec.Scratch> SCRATCH = ThreadLocal.withInitial(LineCodec.Scratch::new);
    private static final int SCRATCH_KEEP_BYTES = 64 * 1024;

    private final LogOutputConfig settings;
    private final ExecutionEnvironment executionEnvironment;
    private final Clock clock;
    private final LogSink sink;
    private final PipelineDiagnostics diagnostics;
    private final AtomicInteger sampledInvocations = new AtomicInteger();
    private final Random random = new Random();
    private volatile long samplingSeed;
    private ClassPreloader preloader;
    private final boolean samplingCanLowerLevel;
    private final boolean devMode;

    private LogPipeline(LogOutputConfig settings, ExecutionEnvironment ee, Consumer<String> reports) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executionEnvironment = Objects.requireNonNull(ee, "executionEnvironment");
        this.clock = ee.clock();
        this.sink = settings.sink();
        this.devMode = settings.devMode();
        this.diagnostics = new PipelineDiagnostics(Diagnostics.create(OWN_LOGGER, settings.service(), clock,
                Objects.requireNonNull(reports, "reports")), settings);
        this.samplingCanLowerLevel = settings.floor() <= Levels.DEBUG;
        // unique per environment without loading SecureRandom at cold start; restores reseed from SecureRandom
        this.samplingSeed = System.nanoTime() ^ (System.currentTimeMillis() << 20) ^ ((long) System.identityHashCode(this) << 32);
        this.random.setSeed(samplingSeed);
    }

    /**
     * Creates a pipeline, registers its SnapStart hooks and reports its init warnings.
     *
     * @param settings resolved settings (its warning sink receives the pipeline's own reports)
     * @param ee       the execution environment (clock, lifecycle, environment)
     * @return the pipeline
     */
    public static LogPipeline create(LogOutputConfig settings, ExecutionEnvironment ee) {
        LogPipeline p = new LogPipeline(settings, ee, settings.warningSink());
        p.preloader = ClassPreloader.register(ee.lifecycle(), "logging", LogPipeline.class);
        ee.lifecycle().onBeforeCheckpoint("lambdakit-logging: prime the line codec", p, LogPipeline::prime);
        ee.lifecycle().onAfterRestore("lambdakit-logging: reseed sampling", p, LogPipeline::reseed);
        for (String warning : settings.warnings()) {
            p.diagnostics.warnOnce(warning, warning);
        }
        return p;
    }

    /**
     * The process-wide pipeline: configured by the environment only, and never failing init (bad
     * values fall back to defaults and are reported once).
     *
     * @param ee the execution environment
     * @return the pipeline
     */
    public static LogPipeline fromEnvironment(ExecutionEnvironment ee) {
        return create(LogOutputConfig.resolveLenient(new LogOutputConfig.Overrides(), ee.environment()), ee);
    }

    /**
     * After a SnapStart restore: every environment restored from one snapshot would otherwise make
     * the same sampling decisions, so the sampler takes a fresh seed from {@link SecureRandom}.
     */
    void reseed() {
        long seed = new SecureRandom().nextLong();
        random.setSeed(seed);
        samplingSeed = seed;
    }

    /** @return the seed the sampling decisions currently derive from (for the SnapStart uniqueness guard in tests) */
    public long samplingSeed() {
        return samplingSeed;
    }

    /** @return the preloader of this module's class list, registered before the checkpoint */
    public ClassPreloader preloader() {
        return preloader;
    }

    /** @return the settings */
    public LogOutputConfig settings() {
        return settings;
    }

    /** @return the execution environment invocations are entered in */
    public ExecutionEnvironment executionEnvironment() {
        return executionEnvironment;
    }

    /** @return the pipeline's own trouble reporting */
    PipelineDiagnostics diagnostics() {
        return diagnostics;
    }

    /**
     * @param loggerName a logger
     * @return its effective level, Lambda's floor applied
     */
    public int levelFor(String loggerName) {
        return settings.effectiveLevel(loggerName);
    }

    /**
     * The slow-path part of a level check: is this DEBUG line enabled because the current
     * invocation was sampled? Costs one atomic read when no invocation is sampled.
     *
     * @param level the line's level
     * @return true when sampling enables it
     */
    public boolean sampledDebug(int level) {
        if (level < Levels.DEBUG || !samplingCanLowerLevel || sampledInvocations.get() == 0) {
            return false;
        }
        InvocationLogState st = InvocationLogState.current();
        return st != null && st.sampled() && st.pipeline() == this;
    }

    /**
     * @param level      a level
     * @param loggerName a logger
     * @return true when a line at {@code level} from that logger would be written or buffered
     */
    public boolean isEnabled(int level, String loggerName) {
        return level >= levelFor(loggerName) || sampledDebug(level);
    }

    /**
     * @param level      a level
     * @param loggerName a logger
     * @return true when that logger writes lines at that level outside any sampled invocation
     */
    public boolean isEnabled(org.slf4j.event.Level level, String loggerName) {
        return Levels.of(level) >= levelFor(loggerName);
    }

    /**
     * Decides whether an invocation is sampled, and counts it as such until {@link #endSampled()}.
     *
     * @param rate probability in [0, 1]
     * @return true when this invocation logs at DEBUG
     */
    boolean beginSampling(double rate) {
        if (rate <= 0 || random.nextDouble() >= rate) {
            return false;
        }
        sampledInvocations.incrementAndGet();
        return true;
    }

    void endSampled() {
        sampledInvocations.decrementAndGet();
    }

    /**
     * Renders and writes (or buffers) one line. The caller has checked the level. Never throws.
     *
     * @param level     the level
     * @param logger    the logger name
     * @param pattern   the message pattern
     * @param args      its arguments (KeyValuePair arguments also become fields), may be null
     * @param argCount  how many arguments the pattern may use
     * @param thrown    the exception, or null
     * @param keyValues SLF4J key-value pairs, or null
     */
    public void emit(int level, String logger, String pattern, Object[] args, int argCount, Throwable thrown,
                     List<KeyValuePair> keyValues) {
        emit(level, logger, pattern, args, argCount, thrown, keyValues, false);
    }

    private void emit(int level, String logger, String pattern, Object[] args, int argCount, Throwable thrown,
                      List<KeyValuePair> keyValues, boolean direct) {
        LineCodec.Scratch x = acquire();
        LineCodec.Event e = x.event;
        InvocationLogState st = null;
        try {
            e.level = level;
            e.logger = logger;
            e.pattern = pattern;
            e.args = args;
            e.argCount = argCount;
            e.thrown = thrown;
            e.keyValues = keyValues;
            e.millis = clock.millis();
            InvocationContext ic = InvocationContext.current().orElse(null);
            e.invocation = ic;
            st = ic == null ? null : ic.attribute(InvocationLogState.KEY).orElse(null);
            e.state = st;
            e.mdc = LambdakitMdcAdapter.pairs();
            LineCodec.render(x, e, settings, diagnostics);
        } catch (RuntimeException | Error failure) {
            // never drop the event: write what cannot fail, marked, and say so on standard error (bounded)
            diagnostics.renderFailed(failure);
            try {
                LineCodec.renderReduced(x, e, settings);
            } catch (RuntimeException | Error again) {
                diagnostics.lineLost(again);
                release(x);
                return;
            }
        }
        try {
            route(level, x.writer(), direct ? null : st);
        } finally {
            release(x);
        }
    }

    private void route(int level, JsonWriter w, InvocationLogState st) {
        LogBuffer buffer = st == null || st.pipeline() != this ? null : st.buffer();
        if (buffer != null && level <= settings.bufferLevel() && !st.sampled()) {
            w.newline();
            buffer.add(Arrays.copyOf(w.buffer(), w.size()));
            return;
        }
        if (buffer != null && level == Levels.ERROR && settings.bufferFlushOnError()) {
            flush(st);
        }
        w.newline();
        write(w.buffer(), w.size());
    }

    /**
     * Writes everything the invocation buffered, oldest first, preceded by one WARN line when
     * lines were evicted.
     *
     * @param st the invocation's state
     */
    void flush(InvocationLogState st) {
        LogBuffer buffer = st == null ? null : st.buffer();
        if (buffer == null) {
            return;
        }
        LogBuffer.Drained d = buffer.drain();
        if (d.evicted() > 0) {
            emit(Levels.WARN, OWN_LOGGER, d.evicted() + " buffered log line(s) of this invocation were evicted because the log buffer ("
                    + settings.bufferMaxBytes() + " bytes) was full, and are lost; raise " + LoggingVariables.LAMBDAKIT_LOG_BUFFER_MAX_BYTES
                    + " or LogOutput.builder().bufferMaxBytes(..)", null, 0, null, null, true);
        }
        for (byte[] line : d.lines()) {
            write(line, line.length);
        }
    }

    /**
     * @param line   a finished line ending in a newline
     * @param length its length
     */
    private void write(byte[] line, int length) {
        if (InvocationContext.isPrimingNow()) {
            return; // a priming call before a SnapStart checkpoint renders its lines (warming the path) but writes none
        }
        try {
            if (devMode) {
                byte[] pretty = PrettyPrinter.pretty(line, 0, length - 1);
                sink.write(pretty, 0, pretty.length);
            } else {
                sink.write(line, 0, length);
            }
        } catch (RuntimeException | Error failure) {
            diagnostics.sinkFailed(failure);
        }
    }

    private static LineCodec.Scratch acquire() {
        LineCodec.Scratch x = SCRATCH.get();
        if (x.inUse) {
            return new LineCodec.Scratch(); // a toString() or a diagnostic logs while a line is being rendered
        }
        x.inUse = true;
        return x;
    }

    private static void release(LineCodec.Scratch x) {
        x.event.clear();
        if (x == SCRATCH.get()) {
            x.inUse = false;
            if (x.writer().buffer().length > SCRATCH_KEEP_BYTES) {
                SCRATCH.remove(); // one huge line must not pin a huge buffer to this thread forever
            }
        }
    }

    /** Loads and JIT-warms the rendering path before a SnapStart checkpoint; writes nothing. */
    private void prime() {
        LineCodec.Scratch x = new LineCodec.Scratch();
        LineCodec.Event e = x.event;
        e.millis = clock.millis();
        e.level = Levels.INFO;
        e.logger = OWN_LOGGER;
        e.pattern = "priming {}";
        e.args = new Object[] {1, new KeyValuePair("k", "v")};
        e.argCount = 1;
        e.thrown = new IllegalStateException("priming");
        e.mdc = new String[] {"k", "v"};
        for (int i = 0; i < 64; i++) {
            LineCodec.render(x, e, settings, diagnostics);
        }
    }

    @Override
    public String toString() {
        return "LogPipeline[" + settings + "]";
    }
}
