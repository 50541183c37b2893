package io.lambdakit.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.core.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits captured output the way CloudWatch consumers do: a line that is a JSON object is a
 * structured log line, unless it carries the {@code _aws.CloudWatchMetrics} directive, in which
 * case it is an embedded-metric-format blob. Everything else is plain text.
 */
public final class OutputParser {

    private OutputParser() {
    }

    /**
     * The parsed forms of some output lines.
     *
     * @param logLines JSON objects that are not EMF
     * @param emfBlobs EMF documents
     */
    public record Parsed(List<JsonNode> logLines, List<JsonNode> emfBlobs) {
    }

    /**
     * @param lines raw lines
     * @return the JSON log lines and EMF blobs among them, in order
     */
    public static Parsed parse(List<String> lines) {
        ObjectMapper mapper = Json.mapper();
        List<JsonNode> logs = new ArrayList<>();
        List<JsonNode> emf = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = parseObject(mapper, line);
            if (node == null) {
                continue;
            }
            if (isEmf(node)) {
                emf.add(node);
            } else {
                logs.add(node);
            }
        }
        return new Parsed(List.copyOf(logs), List.copyOf(emf));
    }

    /**
     * @param node a JSON object
     * @return true when it carries {@code _aws.CloudWatchMetrics} as an array
     */
    public static boolean isEmf(JsonNode node) {
        JsonNode aws = node.get("_aws");
        return aws != null && aws.isObject() && aws.path("CloudWatchMetrics").isArray();
    }

    private static JsonNode parseObject(ObjectMapper mapper, String line) {
        String s = line.strip();
        if (s.length() < 2 || s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(s);
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
