package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema the tests validate against must itself accept what the specification allows and reject what it does not. */
class SegmentSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode independentSubsegment() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", "## handleRequest");
        n.put("id", "53995c3f42cd8ad8");
        n.put("start_time", 1.478293361271E9);
        n.put("end_time", 1.478293361449E9);
        n.put("type", "subsegment");
        n.put("trace_id", "1-581cf771-a006649127e371903a2de979");
        n.put("parent_id", "defdfd9912dc5a56");
        return n;
    }

    private static ObjectNode segment() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", "example.com");
        n.put("id", "70de5b6f19ff9a0a");
        n.put("start_time", 1.478293361271E9);
        n.put("trace_id", "1-581cf771-a006649127e371903a2de979");
        n.put("end_time", 1.478293361449E9);
        return n;
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("minimal segment", (Consumer<ObjectNode>) n -> { }, true),
                Arguments.of("minimal independent subsegment", (Consumer<ObjectNode>) n -> { }, false),
                Arguments.of("in-progress segment", (Consumer<ObjectNode>) n -> {
                    n.remove("end_time");
                    n.put("in_progress", true);
                }, true),
                Arguments.of("annotations of three types", (Consumer<ObjectNode>) n -> n.putObject("annotations")
                        .put("customer_category", 124).put("country", "United States").put("internal", false), false),
                Arguments.of("cause by exception id", (Consumer<ObjectNode>) n -> n.put("cause", "0123456789abcdef"), false),
                Arguments.of("aws call with http response", (Consumer<ObjectNode>) n -> {
                    n.put("namespace", "aws");
                    n.putObject("http").putObject("response").put("status", 200).put("content_length", 60);
                    n.putObject("aws").put("operation", "UpdateItem").put("table_name", "scorekeep-user").put("retries", 0);
                }, false),
                Arguments.of("nested subsegment without trace_id", (Consumer<ObjectNode>) n -> n.putArray("subsegments").addObject()
                        .put("name", "## inner").put("id", "0f910026178b71eb").put("start_time", 1.1).put("end_time", 1.2), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validDocument_passes(String name, Consumer<ObjectNode> change, boolean isSegment) {
        ObjectNode doc = isSegment ? segment() : independentSubsegment();
        change.accept(doc);

        assertThat(SegmentSchema.problems(doc)).isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.<Arguments>of(
                Arguments.of("no id", (Consumer<ObjectNode>) n -> n.remove("id")),
                Arguments.of("id of 15 hex digits", (Consumer<ObjectNode>) n -> n.put("id", "53995c3f42cd8ad")),
                Arguments.of("id not hex", (Consumer<ObjectNode>) n -> n.put("id", "53995c3f42cd8adz")),
                Arguments.of("trace id without version", (Consumer<ObjectNode>) n -> n.put("trace_id", "581cf771-a006649127e371903a2de979")),
                Arguments.of("no parent_id though sent on its own", (Consumer<ObjectNode>) n -> n.remove("parent_id")),
                Arguments.of("neither end_time nor in_progress", (Consumer<ObjectNode>) n -> n.remove("end_time")),
                Arguments.of("end_time and in_progress", (Consumer<ObjectNode>) n -> n.put("in_progress", true)),
                Arguments.of("start_time as a string", (Consumer<ObjectNode>) n -> n.put("start_time", "1.478293361271E9")),
                Arguments.of("namespace other than aws or remote", (Consumer<ObjectNode>) n -> n.put("namespace", "orders")),
                Arguments.of("annotation key with a dash", (Consumer<ObjectNode>) n -> n.putObject("annotations").put("order-id", "1")),
                Arguments.of("annotation value an object", (Consumer<ObjectNode>) n -> n.putObject("annotations").putObject("k")),
                Arguments.of("metadata namespace reserved for AWS", (Consumer<ObjectNode>) n -> n.putObject("metadata").putObject("AWS.x")),
                Arguments.of("name with a forbidden symbol", (Consumer<ObjectNode>) n -> n.put("name", "orders$lambda")),
                Arguments.of("name over 200 characters", (Consumer<ObjectNode>) n -> n.put("name", "n".repeat(201))),
                Arguments.of("exception without id", (Consumer<ObjectNode>) n -> n.putObject("cause").putArray("exceptions").addObject().put("message", "x")),
                Arguments.of("cause id too short", (Consumer<ObjectNode>) n -> n.put("cause", "abc")),
                Arguments.of("unknown field", (Consumer<ObjectNode>) n -> n.put("duration", 3)),
                Arguments.of("fault as a string", (Consumer<ObjectNode>) n -> n.put("fault", "true")),
                Arguments.of("nested subsegment without id", (Consumer<ObjectNode>) n -> n.putArray("subsegments").addObject()
                        .put("name", "## inner").put("start_time", 1.1).put("end_time", 1.2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidSubsegment_isRejected(String name, Consumer<ObjectNode> change) {
        ObjectNode doc = independentSubsegment();
        change.accept(doc);

        assertThat(SegmentSchema.problems(doc)).as(doc.toString()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidSegment_isRejected(String name, Consumer<ObjectNode> change) {
        ObjectNode doc = segment();
        change.accept(doc);
        JsonNode tweaked = doc;

        boolean onlyAppliesToSubsegments = name.startsWith("no parent_id");
        assertThat(SegmentSchema.problems(tweaked).isEmpty()).as(doc.toString()).isEqualTo(onlyAppliesToSubsegments);
    }
}
