package io.lambdakit.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Splits one output stream among the invocations in flight in a managed-instances environment, where several
 * run at once and the time window of an invocation no longer says whose a line is. A line belongs to the
 * in-flight invocation whose request id it names: first by the key structured logs carry it in
 * ({@code function_request_id} of lambdakit, Powertools and EMF blobs; {@code AWSRequestId} of the runtime
 * client's JSON format; {@code requestId}, {@code request_id}, {@code awsRequestId}), else by the request id
 * appearing anywhere in the line (the runtime client's text lines, a stack trace's message). A line that names
 * no in-flight invocation, or several, goes to the environment's own output.
 */
final class RequestAttribution {

    private static final List<String> KEYS = List.of("function_request_id", "AWSRequestId", "requestId", "request_id",
            "awsRequestId");

    private final OutputLog output;
    private final Consumer<List<String>> environmentOutput;
    private final Map<String, List<String>> open = new LinkedHashMap<>();

    RequestAttribution(OutputLog output, Consumer<List<String>> environmentOutput) {
        this.output = output;
        this.environmentOutput = environmentOutput;
    }

    /**
     * Starts collecting the lines of an invocation (before the runtime can receive it).
     *
     * @param requestId its request id
     */
    public synchronized void open(String requestId) {
        open.put(requestId, new ArrayList<>());
    }

    /**
     * Stops collecting for an invocation and returns its lines.
     *
     * @param requestId   its request id
     * @param endOfOutput true when the runtime is gone (a trailing line without newline is complete)
     * @return the lines that named it, in order
     */
    public synchronized List<String> close(String requestId, boolean endOfOutput) {
        pump(endOfOutput);
        List<String> lines = open.remove(requestId);
        return lines != null ? lines : List.of();
    }

    /**
     * Reads what the runtime wrote since the last call and hands each line to its owner.
     *
     * @param endOfOutput true when the runtime is gone
     */
    public synchronized void pump(boolean endOfOutput) {
        List<String> unowned = new ArrayList<>();
        for (String line : output.drain(endOfOutput)) {
            List<String> owner = owner(line);
            if (owner != null) {
                owner.add(line);
            } else {
                unowned.add(line);
            }
        }
        if (!unowned.isEmpty()) {
            environmentOutput.accept(unowned);
        }
    }

    private List<String> owner(String line) {
        if (open.isEmpty()) {
            return null;
        }
        String trimmed = line.trim();
        if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
            try {
                JsonNode doc = Json.mapper().readTree(trimmed);
                if (doc != null && doc.isObject()) {
                    for (String key : KEYS) {
                        JsonNode id = doc.get(key);
                        if (id != null && id.isTextual()) {
                            return open.get(id.asText()); // a finished invocation's id: the environment's
                        }
                    }
                }
            } catch (IOException e) {
                // not JSON after all: searched as text below
            }
        }
        List<String> found = null;
        for (Map.Entry<String, List<String>> e : open.entrySet()) {
            if (line.contains(e.getKey())) {
                if (found != null) {
                    return null; // names two invocations: ambiguous
                }
                found = e.getValue();
            }
        }
        return found;
    }
}
