package io.lambdakit.testing.logging;

import io.lambdakit.logging.spi.LogSink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** {@code LogSink.of(OutputStream)} honours the sink contract. */
class OutputStreamLogSinkContractTest extends LogSinkContract {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    protected LogSink createSink() {
        return LogSink.of(out);
    }

    @Override
    protected String written() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
