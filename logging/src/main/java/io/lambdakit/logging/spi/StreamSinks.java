package io.lambdakit.logging.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The sinks over JDK streams behind {@link LogSink#stdout()} and {@link LogSink#of}: one write call
 * per line, under a lock. Package-private and beside the SPI so that the SPI depends on nothing
 * internal.
 */
final class StreamSinks {

    /** Writes to the current {@code System.out}. */
    static final LogSink STDOUT = new LogSink() {
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

    private StreamSinks() {
    }

    /**
     * @param out a print stream
     * @return a sink writing to it
     */
    static LogSink of(PrintStream out) {
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
    static LogSink of(OutputStream out) {
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
