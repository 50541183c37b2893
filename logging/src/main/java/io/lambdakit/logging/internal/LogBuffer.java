package io.lambdakit.logging.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines one invocation buffered, bounded in bytes: when a new line does not fit, the oldest
 * lines are evicted and counted. Lines are stored rendered (with their original timestamp and MDC)
 * as UTF-8 bytes ending in a newline. Thread-safe, so worker threads of one invocation share it.
 */
final class LogBuffer {

    /**
     * What a flush hands out.
     *
     * @param lines   buffered lines, oldest first
     * @param evicted how many lines were evicted since the last drain
     */
    public record Drained(List<byte[]> lines, int evicted) {
    }

    private final int maxBytes;
    private final ArrayDeque<byte[]> lines = new ArrayDeque<>();
    private int bytes;
    private int evicted;

    /**
     * @param maxBytes the bound
     */
    public LogBuffer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @param line a rendered line, newline included; the buffer keeps this array
     */
    public synchronized void add(byte[] line) {
        if (line.length > maxBytes) {
            evicted++;
            return;
        }
        while (bytes + line.length > maxBytes) {
            bytes -= lines.removeFirst().length;
            evicted++;
        }
        lines.addLast(line);
        bytes += line.length;
    }

    /** @return everything buffered, emptying the buffer */
    public synchronized Drained drain() {
        Drained d = new Drained(new ArrayList<>(lines), evicted);
        clear();
        return d;
    }

    /** Drops everything buffered. */
    public synchronized void clear() {
        lines.clear();
        bytes = 0;
        evicted = 0;
    }

    /** @return bytes currently held */
    public synchronized int bytes() {
        return bytes;
    }

    /** @return lines currently held */
    public synchronized int size() {
        return lines.size();
    }
}
