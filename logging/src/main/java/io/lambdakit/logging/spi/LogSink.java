package io.lambdakit.logging.spi;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Where finished log lines go. Each call hands over exactly one complete line (UTF-8 JSON followed
 * by {@code '\n'}); an implementation must write it in one atomic operation so that lines of
 * concurrent invocations never interleave, and must not keep a reference to {@code line} after
 * returning (the buffer is reused). Failures may be thrown: lambdakit reports the first one on
 * standard error and never lets it reach the handler.
 */
@FunctionalInterface
public interface LogSink {

    /**
     * @param line   a buffer holding the line
     * @param offset where the line starts
     * @param length its length in bytes, newline included
     */
    void write(byte[] line, int offset, int length);

    /**
     * The default sink: whatever {@code System.out} is at the time of each write (the Lambda
     * runtime installs its own before the handler loads), one {@code write} call per line.
     *
     * @return the standard-output sink
     */
    static LogSink stdout() {
        return StreamSinks.STDOUT;
    }

    /**
     * @param out a print stream; each line is written with one {@code write} call under its lock
     * @return a sink writing to {@code out}
     */
    static LogSink of(PrintStream out) {
        return StreamSinks.of(out);
    }

    /**
     * @param out an output stream; lines are written whole, one at a time
     * @return a sink writing to {@code out}
     */
    static LogSink of(OutputStream out) {
        return StreamSinks.of(out);
    }
}
