package io.lambdakit.idempotency.internal;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import io.burt.jmespath.function.FunctionCallException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The JMESPath functions Powertools adds, so that key expressions written for Powertools work
 * unchanged: {@code powertools_json(s)} parses a JSON string (an API Gateway or SQS body),
 * {@code powertools_base64(s)} decodes base64 to a UTF-8 string, {@code powertools_base64_gzip(s)}
 * decodes base64 and gunzips. A malformed argument fails the expression with a
 * {@link FunctionCallException} whose message never contains the argument.
 */
final class PowertoolsFunctions {

    private PowertoolsFunctions() {
    }

    static BaseFunction[] all() {
        return new BaseFunction[] {new JsonFunction(), new Base64Function(), new Base64GzipFunction()};
    }

    static final class JsonFunction extends BaseFunction {
        JsonFunction() {
            super("powertools_json", ArgumentConstraints.typeOf(JmesPathType.STRING));
        }

        @Override
        protected <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
            String text = runtime.toString(arguments.get(0).value());
            try {
                return runtime.parseString(text);
            } catch (RuntimeException e) {
                throw new FunctionCallException("powertools_json(): the argument (" + text.length()
                        + " chars) is not valid JSON (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    static final class Base64Function extends BaseFunction {
        Base64Function() {
            super("powertools_base64", ArgumentConstraints.typeOf(JmesPathType.STRING));
        }

        @Override
        protected <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
            byte[] bytes = decode(name(), runtime.toString(arguments.get(0).value()));
            return runtime.createString(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    static final class Base64GzipFunction extends BaseFunction {
        Base64GzipFunction() {
            super("powertools_base64_gzip", ArgumentConstraints.typeOf(JmesPathType.STRING));
        }

        @Override
        protected <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
            byte[] bytes = decode(name(), runtime.toString(arguments.get(0).value()));
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return runtime.createString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new FunctionCallException(name() + "(): the decoded argument is not gzip data (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    private static byte[] decode(String function, String text) {
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new FunctionCallException(function + "(): the argument (" + text.length() + " chars) is not base64");
        }
    }
}
