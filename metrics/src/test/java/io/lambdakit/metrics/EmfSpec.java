package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The EMF specification as a test oracle: the JSON schema written from the public specification
 * (src/test/resources/cloudwatch-emf.schema.json) plus the target-member rules the schema cannot express.
 */
public final class EmfSpec {

    private static final JsonSchema SCHEMA = load();

    private EmfSpec() {
    }

    private static JsonSchema load() {
        try (InputStream in = EmfSpec.class.getResourceAsStream("/cloudwatch-emf.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("cloudwatch-emf.schema.json is missing from the test resources");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param blob a parsed EMF document
     * @return every violation of the specification found, empty when valid
     */
    public static List<String> violations(JsonNode blob) {
        List<String> found = new ArrayList<>();
        for (ValidationMessage m : SCHEMA.validate(blob)) {
            found.add("schema: " + m.getMessage());
        }
        if (!found.isEmpty()) {
            return found;
        }
        for (JsonNode directive : blob.get("_aws").get("CloudWatchMetrics")) {
            for (JsonNode set : directive.get("Dimensions")) {
                for (JsonNode key : set) {
                    JsonNode target = blob.get(key.asText());
                    if (target == null) {
                        found.add("dimension '" + key.asText() + "' has no root member");
                    } else if (!target.isTextual()) {
                        found.add("dimension '" + key.asText() + "' is not a string: " + target);
                    } else if (target.asText().length() > 1024) {
                        found.add("dimension '" + key.asText() + "' value longer than 1024 characters");
                    }
                }
            }
            Set<String> names = new HashSet<>();
            for (JsonNode metric : directive.get("Metrics")) {
                String name = metric.get("Name").asText();
                if (!names.add(name)) {
                    found.add("metric '" + name + "' defined twice in one directive");
                }
                JsonNode target = blob.get(name);
                if (target == null) {
                    found.add("metric '" + name + "' has no root member");
                } else if (target.isArray()) {
                    if (target.size() == 0 || target.size() > 100) {
                        found.add("metric '" + name + "' has " + target.size() + " values; 1 to 100 allowed");
                    }
                    for (JsonNode v : target) {
                        if (!v.isNumber()) {
                            found.add("metric '" + name + "' has a non-numeric value " + v);
                        }
                    }
                } else if (!target.isNumber()) {
                    found.add("metric '" + name + "' is neither a number nor an array of numbers: " + target);
                }
            }
        }
        return found;
    }

    /**
     * @param blob a parsed EMF document
     * @throws AssertionError listing the violations, when it breaks the specification
     */
    public static void requireValid(JsonNode blob) {
        List<String> v = violations(blob);
        if (!v.isEmpty()) {
            throw new AssertionError("EMF blob violates the specification: " + v + "\n" + blob);
        }
    }
}
