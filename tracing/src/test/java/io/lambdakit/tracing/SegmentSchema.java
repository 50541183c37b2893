package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

/** The X-Ray segment document schema in src/test/resources, written from the public specification. */
public final class SegmentSchema {

    private static final JsonSchema SCHEMA = load();

    private SegmentSchema() {
    }

    private static JsonSchema load() {
        try (InputStream in = SegmentSchema.class.getResourceAsStream("/xray-segment-document.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("xray-segment-document.schema.json is not on the test classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param document a parsed document
     * @return the schema's complaints, empty when valid
     */
    public static Set<String> problems(JsonNode document) {
        Set<ValidationMessage> messages = SCHEMA.validate(document);
        return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * @param document a parsed document
     * @throws AssertionError naming every problem when the document is not valid
     */
    public static void assertValid(JsonNode document) {
        Set<String> problems = problems(document);
        if (!problems.isEmpty()) {
            throw new AssertionError("segment document violates the X-Ray schema: " + problems + "\n" + document);
        }
    }
}
