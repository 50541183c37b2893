package io.lambdakit.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures what an engine prints. Every blob read through {@link #blobs()} is parsed and validated against
 * the EMF specification, so every test that looks at output also checks it is valid EMF.
 */
public final class EmfOutput {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    public PrintStream stream() {
        return stream;
    }

    /** @return the raw lines printed so far */
    public synchronized List<String> lines() {
        String all = bytes.toString(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (String line : all.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    /** @return every line parsed, each validated against the EMF specification */
    public List<JsonNode> blobs() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines()) {
            JsonNode blob = parse(line);
            EmfSpec.requireValid(blob);
            out.add(blob);
        }
        return out;
    }

    /** @return the only blob */
    public JsonNode single() {
        List<JsonNode> b = blobs();
        if (b.size() != 1) {
            throw new AssertionError("expected exactly one EMF blob but got " + b.size() + ": " + b);
        }
        return b.get(0);
    }

    public synchronized void clear() {
        bytes.reset();
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
