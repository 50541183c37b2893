package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A woven stream handler: logging the event must not consume its input. */
public class WovenStreamHandler implements RequestStreamHandler {

    @Override
    @Logging(logEvent = true, logResponse = true, correlationIdPath = "id")
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(("{\"length\":" + input.readAllBytes().length + "}").getBytes(StandardCharsets.UTF_8));
    }
}
