package io.lambdakit.testing.logging;

import io.lambdakit.logging.spi.LogSink;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the logging engine relies on from a {@link LogSink}: each {@code write} hands over exactly one
 * complete line (UTF-8 JSON and {@code '\n'}) that must arrive whole and unchanged; only the slice
 * {@code [offset, offset + length)} is written; the buffer is reused after the call returns; lines of
 * concurrent invocations never interleave. Extend it and implement the two methods:
 *
 * <pre>{@code
 * class MySinkContractTest extends LogSinkContract {
 *     private final ByteArrayOutputStream out = new ByteArrayOutputStream();
 *     protected LogSink createSink() { return new MySink(out); }
 *     protected String written() { return out.toString(StandardCharsets.UTF_8); }
 * }
 * }</pre>
 */
public abstract class LogSinkContract {

    /** For subclasses. */
    protected LogSinkContract() {
    }

    /**
     * Called once per test.
     *
     * @return a new sink whose destination has received nothing yet
     */
    protected abstract LogSink createSink();

    /**
     * @return everything the sink created last wrote to its destination, decoded as UTF-8 (flushed:
     *         read it back the way its consumer would)
     */
    protected abstract String written();

    @Test
    void write_oneLine_arrivesWholeAndUnchanged() {
        LogSink sink = createSink();
        byte[] line = line("{\"level\":\"INFO\",\"message\":\"order placed\"}");

        sink.write(line, 0, line.length);

        assertEquals("{\"level\":\"INFO\",\"message\":\"order placed\"}\n", written());
    }

    @Test
    void write_sliceOfALargerBuffer_writesOnlyThatSlice() {
        LogSink sink = createSink();
        byte[] buffer = "garbage{\"message\":\"slice\"}\nmore garbage".getBytes(StandardCharsets.UTF_8);

        sink.write(buffer, 7, "{\"message\":\"slice\"}\n".length());

        assertEquals("{\"message\":\"slice\"}\n", written());
    }

    @Test
    void write_bufferReusedAfterTheCall_writtenLinesStayAsTheyWere() {
        LogSink sink = createSink();
        byte[] buffer = line("{\"n\":1}");

        sink.write(buffer, 0, buffer.length);
        Arrays.fill(buffer, (byte) 'x');
        byte[] second = line("{\"n\":2}");
        System.arraycopy(second, 0, buffer, 0, second.length);
        sink.write(buffer, 0, second.length);

        assertEquals("{\"n\":1}\n{\"n\":2}\n", written());
    }

    @Test
    void write_multiByteCharacters_bytesArriveUnchanged() {
        LogSink sink = createSink();
        byte[] line = line("{\"message\":\"Zürich 東京 \uD83D\uDE80\"}");

        sink.write(line, 0, line.length);

        assertEquals("{\"message\":\"Zürich 東京 \uD83D\uDE80\"}\n", written());
    }

    @Test
    void write_manyThreadsAtOnce_linesNeverInterleave() throws Exception {
        LogSink sink = createSink();
        int threads = 8;
        int linesPerThread = 300;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<String> sent = new HashSet<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                StringBuilder padding = new StringBuilder();
                for (int i = 0; i < 200 + t * 50; i++) {
                    padding.append((char) ('a' + t));
                }
                for (int i = 0; i < linesPerThread; i++) {
                    sent.add("{\"thread\":" + t + ",\"n\":" + i + ",\"pad\":\"" + padding + "\"}");
                }
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < linesPerThread; i++) {
                        byte[] l = line("{\"thread\":" + thread + ",\"n\":" + i + ",\"pad\":\"" + padding + "\"}");
                        sink.write(l, 0, l.length);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        String all = written();
        assertTrue(all.endsWith("\n"), "the output ends with a whole line");
        String[] lines = all.substring(0, all.length() - 1).split("\n", -1);
        assertEquals(threads * linesPerThread, lines.length, "lines written");
        for (String l : lines) {
            assertTrue(sent.contains(l), () -> "a line was torn or mixed with another: " + abbreviate(l));
        }
        assertEquals(sent, new HashSet<>(Arrays.asList(lines)), "every line arrived once");
    }

    private static byte[] line(String json) {
        return (json + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
