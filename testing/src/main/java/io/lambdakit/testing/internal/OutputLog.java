package io.lambdakit.testing.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The file a child runtime's stdout and stderr are redirected to, read incrementally. A file,
 * not a pipe, makes capture exact: everything the runtime wrote before it posted a response is
 * in the file when the response arrives, so {@link #drain(boolean)} at that moment returns
 * precisely the output of that invocation, with no reader thread to race against.
 */
final class OutputLog {

    private final Path file;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<String> all = new ArrayList<>();
    private long offset;

    /**
     * @param file the file the child writes to (created empty)
     * @throws IOException when it cannot be created
     */
    public OutputLog(Path file) throws IOException {
        this.file = file;
        Files.write(file, new byte[0]);
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * Reads what was written since the last call.
     *
     * @param includePartial true to return a trailing line without a newline too (the writer is done)
     * @return the new complete lines, without line terminators
     */
    public synchronized List<String> drain(boolean includePartial) {
        List<String> lines = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (offset < size) {
                buf.clear();
                int n = ch.read(buf, offset);
                if (n <= 0) {
                    break;
                }
                offset += n;
                byte[] bytes = buf.array();
                for (int i = 0; i < n; i++) {
                    byte b = bytes[i];
                    if (b == '\n') {
                        lines.add(takeLine());
                    } else {
                        partial.write(b);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the function's output from " + file, e);
        }
        if (includePartial && partial.size() > 0) {
            lines.add(takeLine());
        }
        all.addAll(lines);
        return lines;
    }

    /** @return every line drained so far */
    public synchronized List<String> all() {
        return List.copyOf(all);
    }

    private String takeLine() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
