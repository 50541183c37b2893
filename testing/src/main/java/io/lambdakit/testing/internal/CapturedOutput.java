package io.lambdakit.testing.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The log stream of one in-process execution environment: what its threads write to
 * {@code System.out} and {@code System.err} (merged, as Lambda merges them) and to the context's
 * logger, cut into lines as the bytes arrive. Writes happen on the writing thread, so everything
 * a handler wrote before it returned is here when the invocation ends: {@link #drain(boolean)} then
 * returns exactly that invocation's output, with no reader thread to race against.
 */
final class CapturedOutput extends OutputStream {

    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<String> lines = new ArrayList<>();
    private final PrintStream printStream = new PrintStream(this, true, StandardCharsets.UTF_8);

    /** @return a print stream over this output (UTF-8, as Lambda's log stream) */
    PrintStream printStream() {
        return printStream;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            lines.add(takeLine());
        } else {
            partial.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                partial.write(b, start, i - start);
                lines.add(takeLine());
                start = i + 1;
            }
        }
        partial.write(b, start, end - start);
    }

    /**
     * Takes what was written since the last call.
     *
     * @param includePartial true to return a trailing line without a newline too (the writer is done)
     * @return the complete lines, without line terminators
     */
    synchronized List<String> drain(boolean includePartial) {
        if (includePartial && partial.size() > 0) {
            lines.add(takeLine());
        }
        List<String> taken = List.copyOf(lines);
        lines.clear();
        return taken;
    }

    private String takeLine() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
