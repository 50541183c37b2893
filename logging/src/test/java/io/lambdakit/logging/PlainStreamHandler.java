package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** {@link WovenStreamHandler} through the plain API. */
public class PlainStreamHandler implements RequestStreamHandler {

    private static final LambdaLogging LOGGING = LambdaLogging.builder()
            .logEvent(true).logResponse(true).correlationIdPath("id").logger(WovenStreamHandler.class).build();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LOGGING.executeStream(input, output, context, (in, out) ->
                out.write(("{\"length\":" + in.readAllBytes().length + "}").getBytes(StandardCharsets.UTF_8)));
    }
}
