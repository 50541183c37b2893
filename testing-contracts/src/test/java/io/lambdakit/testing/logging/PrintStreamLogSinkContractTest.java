package io.lambdakit.testing.logging;

import io.lambdakit.logging.spi.LogSink;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code LogSink.of(PrintStream)}, the shape of the runtime's standard output, honours the sink contract. */
class PrintStreamLogSinkContractTest extends LogSinkContract {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);

    @Override
    protected LogSink createSink() {
        return LogSink.of(out);
    }

    @Override
    protected String written() {
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
