package io.lambdakit.testing.internal;

import io.lambdakit.core.ProcessScope;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code System.out} and {@code System.err} while in-process functions run: a print stream that
 * sends what a thread writes to the output of the in-process function whose {@link ProcessScope}
 * the thread is in, and everything else (the test's own prints, other tests) to the stream it
 * replaced, unchanged. It is installed once, when the first in-process function starts, and put
 * back when the last one closes; concurrent tests never swap streams under each other, because
 * the routing is decided per thread at each write.
 */
final class OutputRouter extends PrintStream {

    private static final Map<ProcessScope, CapturedOutput> OUTPUTS = new ConcurrentHashMap<>();
    private static final Object LOCK = new Object();
    private static int registered;

    private final PrintStream fallback;

    private OutputRouter(PrintStream fallback) {
        this(new Unrouted(), fallback);
    }

    private OutputRouter(Unrouted sink, PrintStream fallback) {
        super(sink, true, StandardCharsets.UTF_8);
        this.fallback = fallback;
        sink.router = this;
    }

    /**
     * Sends what threads in {@code scope} write to {@code System.out} and {@code System.err} into {@code output}.
     *
     * @param scope  the in-process function's scope
     * @param output where its output goes
     */
    static void register(ProcessScope scope, CapturedOutput output) {
        synchronized (LOCK) {
            OUTPUTS.put(scope, output);
            registered++;
            ensureInstalled();
        }
    }

    /**
     * Stops routing {@code scope}'s output; the last one puts the original streams back.
     *
     * @param scope the scope given to {@link #register(ProcessScope, CapturedOutput)}
     */
    static void unregister(ProcessScope scope) {
        synchronized (LOCK) {
            if (OUTPUTS.remove(scope) == null) {
                return;
            }
            registered--;
            if (registered == 0) {
                PrintStream o = System.out;
                while (o instanceof OutputRouter r) { // ours, and any a test's own setOut(..) left behind
                    o = r.fallback;
                }
                System.setOut(o);
                PrintStream e = System.err;
                while (e instanceof OutputRouter r) {
                    e = r.fallback;
                }
                System.setErr(e);
            }
        }
    }

    /**
     * Puts a router in place again where someone replaced {@code System.out} or {@code System.err}
     * since (a test that captures output by hand): the new router falls back to their stream.
     */
    static void ensureInstalled() {
        synchronized (LOCK) {
            if (registered == 0) {
                return;
            }
            if (!(System.out instanceof OutputRouter)) {
                System.setOut(new OutputRouter(System.out));
            }
            if (!(System.err instanceof OutputRouter)) {
                System.setErr(new OutputRouter(System.err));
            }
        }
    }

    /**
     * The output of the invocation the current thread runs, for a managed-instances environment's workers (one
     * invocation per worker thread at a time). Not inherited: a thread the handler starts writes to its
     * environment's output.
     */
    static final ThreadLocal<CapturedOutput> INVOCATION = new ThreadLocal<>();

    private PrintStream target() {
        CapturedOutput invocation = INVOCATION.get();
        if (invocation != null) {
            return invocation.printStream();
        }
        Optional<ProcessScope> scope = ProcessScope.current();
        if (scope.isPresent()) {
            CapturedOutput captured = OUTPUTS.get(scope.get());
            if (captured != null) {
                return captured.printStream();
            }
        }
        return fallback;
    }

    /** Where the bytes of a write no override caught would go: also routed (UTF-8). */
    private static final class Unrouted extends OutputStream {
        private OutputRouter router;

        @Override
        public void write(int b) {
            router.target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            router.target().write(b, off, len);
        }
    }

    @Override
    public void flush() {
        target().flush();
    }

    @Override
    public void close() {
        target().flush(); // closing System.out must not close the test's stream or a function's output
    }

    @Override
    public boolean checkError() {
        return target().checkError();
    }

    @Override
    public void write(int b) {
        target().write(b);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        target().write(buf, off, len);
    }

    @Override
    public void write(byte[] buf) {
        target().write(buf, 0, buf.length);
    }

    @Override
    public void writeBytes(byte[] buf) {
        target().write(buf, 0, buf.length);
    }

    @Override
    public void print(boolean b) {
        target().print(b);
    }

    @Override
    public void print(char c) {
        target().print(c);
    }

    @Override
    public void print(int i) {
        target().print(i);
    }

    @Override
    public void print(long l) {
        target().print(l);
    }

    @Override
    public void print(float f) {
        target().print(f);
    }

    @Override
    public void print(double d) {
        target().print(d);
    }

    @Override
    public void print(char[] s) {
        target().print(s);
    }

    @Override
    public void print(String s) {
        target().print(s);
    }

    @Override
    public void print(Object obj) {
        target().print(obj);
    }

    @Override
    public void println() {
        target().println();
    }

    @Override
    public void println(boolean x) {
        target().println(x);
    }

    @Override
    public void println(char x) {
        target().println(x);
    }

    @Override
    public void println(int x) {
        target().println(x);
    }

    @Override
    public void println(long x) {
        target().println(x);
    }

    @Override
    public void println(float x) {
        target().println(x);
    }

    @Override
    public void println(double x) {
        target().println(x);
    }

    @Override
    public void println(char[] x) {
        target().println(x);
    }

    @Override
    public void println(String x) {
        target().println(x);
    }

    @Override
    public void println(Object x) {
        target().println(x);
    }

    @Override
    public PrintStream printf(String format, Object... args) {
        target().printf(format, args);
        return this;
    }

    @Override
    public PrintStream printf(Locale l, String format, Object... args) {
        target().printf(l, format, args);
        return this;
    }

    @Override
    public PrintStream format(String format, Object... args) {
        target().format(format, args);
        return this;
    }

    @Override
    public PrintStream format(Locale l, String format, Object... args) {
        target().format(l, format, args);
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq) {
        target().append(csq);
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq, int start, int end) {
        target().append(csq, start, end);
        return this;
    }

    @Override
    public PrintStream append(char c) {
        target().append(c);
        return this;
    }
}
