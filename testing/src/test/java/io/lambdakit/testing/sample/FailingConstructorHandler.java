package io.lambdakit.testing.sample;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** A handler whose constructor throws, as one does when its configuration is missing. */
public class FailingConstructorHandler implements RequestHandler<String, String> {

    /** Always throws. */
    public FailingConstructorHandler() {
        System.out.println("constructing FailingConstructorHandler");
        throw new IllegalArgumentException("TABLE_NAME is not set");
    }

    @Override
    public String handleRequest(String input, Context context) {
        return input;
    }
}
