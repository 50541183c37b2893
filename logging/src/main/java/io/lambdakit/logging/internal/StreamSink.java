package io.lambdakit.logging.internal;

import io.lambdakit.logging.spi.LogSink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/** Sinks over JDK streams: one write call per line, under a lock. */
public final class StreamSink {

    /** Writes to the current {@code System.out}. */
    public static final LogSink STDOUT = new LogSink() {
        @Override
        public void write(byte[] line, int offset, int length) {
            PrintStream out = System.out;
            out.write(line, offset, length);
            out.flush();
        }

        @Override
        public String toString() {
            return "stdout";
        }
    };

    private StreamSink() {
    }

    /**
     * @param out a print stream
     * @return a sink writing to it
     */
    public static LogSink of(PrintStream out) {
        Objects.requireNonNull(out, "out");
        return (line, offset, length) -> {
            out.write(line, offset, length);
            out.flush();
        };
    }

    /**
     * @param out an output stream
     * @return a sink writing to it, one line at a time
     */
    public static LogSink of(OutputStream out) {
        Objects.requireNonNull(out, "out");
        if (out instanceof PrintStream ps) {
            return of(ps);
        }
        return (line, offset, length) -> {
            try {
                synchronized (out) {
                    out.write(line, offset, length);
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
