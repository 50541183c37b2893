package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdakit.core.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The error document Lambda returns for a failed invocation or init, e.g.
 * {@code {"errorMessage":"boom","errorType":"java.lang.IllegalStateException","stackTrace":[...]}}.
 *
 * @param errorType        {@code errorType}: the exception class, or a platform type such as
 *                         {@code Sandbox.Timedout} or {@code Runtime.ExitError}
 * @param errorMessage     {@code errorMessage}
 * @param stackTrace       {@code stackTrace}, one frame per entry (empty when Lambda gives none)
 * @param runtimeErrorType the {@code Lambda-Runtime-Function-Error-Type} the runtime reported, e.g.
 *                         {@code Runtime.UserException}; null when the platform produced the error
 * @param document         the whole error document as Lambda would return it
 */
public record InvocationError(String errorType, String errorMessage, List<String> stackTrace,
                              String runtimeErrorType, JsonNode document) {

    /** Copies the stack trace and checks the required parts. */
    public InvocationError {
        Objects.requireNonNull(document, "document");
        stackTrace = List.copyOf(stackTrace);
    }

    /**
     * Reads an error document as a runtime posted it.
     *
     * @param body             the posted bytes
     * @param runtimeErrorType the error type header, may be null
     * @return the error; a body that is not an error document is kept as the message
     */
    public static InvocationError parse(byte[] body, String runtimeErrorType) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode doc = Json.mapper().readTree(text);
            if (doc != null && doc.isObject()) {
                List<String> frames = new ArrayList<>();
                doc.path("stackTrace").forEach(f -> frames.add(f.asText()));
                String type = doc.hasNonNull("errorType") ? doc.get("errorType").asText() : runtimeErrorType;
                return new InvocationError(type, doc.path("errorMessage").asText(null), frames, runtimeErrorType, doc);
            }
        } catch (IOException e) {
            // not JSON: fall through
        }
        return of(runtimeErrorType != null ? runtimeErrorType : "Runtime.Unknown", text, runtimeErrorType);
    }

    /**
     * An error the platform produced (timeout, runtime exit), with no stack trace.
     *
     * @param errorType        the type
     * @param errorMessage     the message
     * @param runtimeErrorType the runtime error type, may be null
     * @return the error
     */
    public static InvocationError of(String errorType, String errorMessage, String runtimeErrorType) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("errorMessage", errorMessage);
        doc.put("errorType", errorType);
        return new InvocationError(errorType, errorMessage, List.of(), runtimeErrorType, doc);
    }

    /** @return {@code errorType: errorMessage} */
    @Override
    public String toString() {
        return errorType + ": " + errorMessage;
    }
}
