package io.lambdakit.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The published schemas, bundled as resources under {@code io/lambdakit/testing/schemas/}: the EMF
 * specification's JSON schema (CloudWatch User Guide, "Specification: Embedded metric format") and the
 * X-Ray segment document schema (xray-segmentdocument-schema-v1.0.0). Loaded once, on first use.
 */
final class Schemas {

    private Schemas() {
    }

    private static final class Emf {
        static final JsonSchema SCHEMA = load("emf.schema.json", SpecVersion.VersionFlag.V7);
    }

    private static final class Segment {
        static final JsonSchema SCHEMA = load("xray-segment.schema.json", SpecVersion.VersionFlag.V4);
    }

    /**
     * @param blob a parsed EMF document
     * @return the schema's complaints, sorted, each prefixed with {@code schema: }
     */
    public static List<String> emf(JsonNode blob) {
        return validate(Emf.SCHEMA, blob);
    }

    /**
     * @param document a parsed segment document
     * @return the schema's complaints, sorted, each prefixed with {@code schema: }
     */
    public static List<String> segment(JsonNode document) {
        return validate(Segment.SCHEMA, document);
    }

    private static List<String> validate(JsonSchema schema, JsonNode node) {
        TreeSet<String> sorted = new TreeSet<>();
        for (ValidationMessage m : schema.validate(node)) {
            sorted.add("schema: " + m.getMessage());
        }
        return new ArrayList<>(sorted);
    }

    private static JsonSchema load(String name, SpecVersion.VersionFlag version) {
        String path = "/io/lambdakit/testing/schemas/" + name;
        try (InputStream in = Schemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from lambdakit-testing's jar");
            }
            return JsonSchemaFactory.getInstance(version).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
