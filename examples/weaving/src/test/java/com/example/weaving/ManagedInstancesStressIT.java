package com.example.weaving;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.example.weaving.EmfBlobs.blobWith;
import static com.example.weaving.EmfBlobs.metricNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda Managed Instances under stress: {@link TallyHandler} (all four annotations, woven by this project's
 * build) keeps unguarded shared state of its own and runs under the real runtime interface client with
 * {@code maxConcurrency(8)}: 400 invocations, 8 at a time, each group of 8 meeting at a barrier inside the body
 * so that 8 invocations are inside lambdakit's scopes at once, then 80 concurrent replays of stored results.
 *
 * <p>The handler's own state mixes invocations (its bug, shown, not fixed). Everything lambdakit writes must not:
 * every log line, EMF blob, X-Ray segment and response of an invocation names that invocation's tally id and no
 * other, and each invocation's output is complete (every line, metric and subsegment it made, exactly once).
 */
class ManagedInstancesStressIT {

    private static final int CONCURRENCY = 8;
    private static final int INVOCATIONS = 400; // a multiple of CONCURRENCY: every barrier group fills up
    private static final int REPLAYS = 80;
    private static final Pattern TALLY_ID = Pattern.compile("\\bt-\\d+\\b");

    private static LocalFunction function;
    private static final List<Map<String, Object>> events = new ArrayList<>();
    private static List<InvocationResult> results;
    private static List<InvocationResult> replays;

    @BeforeAll
    static void runHundredsOfInvocationsEightAtATime() {
        function = LocalFunction.builder()
                .handler(TallyHandler.class)
                .mode(LocalFunction.Mode.RUNTIME_CLIENT)
                .functionName("tally-fn")
                .maxConcurrency(CONCURRENCY)
                .environment("POWERTOOLS_SERVICE_NAME", "tally")
                .environment("TALLY_PARTIES", Integer.toString(CONCURRENCY))
                .start();
        for (int i = 0; i < INVOCATIONS; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", "t-" + i);
            event.put("bucket", TallyHandler.BUCKETS.get(i % TallyHandler.BUCKETS.size()));
            events.add(event);
        }
        results = function.invokeAll(events);
        replays = function.invokeAll(events.subList(0, REPLAYS));
    }

    @AfterAll
    static void stop() {
        if (function != null) {
            function.close();
        }
    }

    @Test
    void everyInvocation_succeeds_andAnswersForItsOwnEvent() {
        assertThat(results).hasSize(INVOCATIONS);
        Set<String> requestIds = new HashSet<>();
        for (int i = 0; i < INVOCATIONS; i++) {
            InvocationResult r = results.get(i);
            assertThat(r.succeeded()).as("invocation %s: %s", idOf(i), r).isTrue();
            assertThat(r.responseJson().path("id").asText()).isEqualTo(idOf(i));
            assertThat(r.responseJson().path("requestId").asText()).isEqualTo(r.requestId());
            requestIds.add(r.requestId());
        }
        assertThat(requestIds).hasSize(INVOCATIONS);
    }

    @Test
    void theHandlersOwnState_mixesInvocations_whichIsTheUsersBugNotLambdakits() {
        // The unguarded "last id" field is read back after the barrier: by then up to 7 other invocations have
        // overwritten it. This proves the invocations really shared the handler object at the same time.
        List<String> readAnotherId = new ArrayList<>();
        for (int i = 0; i < INVOCATIONS; i++) {
            if (!results.get(i).responseJson().path("lastIdSeen").asText().equals(idOf(i))) {
                readAnotherId.add(idOf(i));
            }
        }
        assertThat(readAnotherId).as("invocations whose shared field held another invocation's id").isNotEmpty();
    }

    @Test
    void eightInvocations_wereInsideLambdakitsScopesAtOnce_inOneExecutionEnvironment() {
        List<double[]> spans = new ArrayList<>();
        Set<String> environments = new HashSet<>();
        for (InvocationResult r : results) {
            JsonNode handler = handlerSegment(r);
            spans.add(new double[] {handler.path("start_time").asDouble(), handler.path("end_time").asDouble()});
            environments.add(r.environmentId());
        }

        assertThat(maxOverlap(spans)).as("handler segments open at the same moment").isEqualTo(CONCURRENCY);
        assertThat(environments).as("execution environments").hasSize(1);
    }

    @Test
    void logLines_eachNameOnlyTheirOwnInvocation_andNoneIsMissing() {
        int tallying = 0;
        for (int i = 0; i < INVOCATIONS; i++) {
            InvocationResult r = results.get(i);
            String id = idOf(i);
            List<JsonNode> lines = r.logLines();

            assertThat(lines).as("log lines of %s", id).allSatisfy(line -> {
                assertThat(line.path("function_request_id").asText()).isEqualTo(r.requestId());
                assertThat(line.path("correlation_id").asText()).isEqualTo(id);
                assertThat(tallyIds(line.toString())).as("tally ids in %s", line).containsOnly(id);
            });
            assertThat(messages(lines)).as("messages of %s", id)
                    .containsOnlyOnce("tallying " + id + " into " + events.get(i).get("bucket"), "tallied " + id);
            JsonNode eventLine = lines.stream().filter(l -> l.has("event")).findFirst()
                    .orElseThrow(() -> new AssertionError("no event line for " + id + ": " + lines));
            assertThat(eventLine.at("/event/id").asText()).isEqualTo(id);
            assertThat(line(lines, "tallying " + id).path("tally_id").asText()).as("MDC entry").isEqualTo(id);
            JsonNode tallied = line(lines, "tallied " + id);
            assertThat(tallied.path("tally_id").asText()).as("MDC entry").isEqualTo(id);
            assertThat(tallied.path("tally_id_kv").asText()).as("key-value pair").isEqualTo(id);
            assertThat(tallied.path("xray_trace_id").asText()).isEqualTo(traceRoot(r));
            tallying++;
        }
        assertThat(tallying).isEqualTo(INVOCATIONS);
        assertThat(String.join("\n", function.environmentOutput()))
                .as("output no invocation could claim").doesNotContain("tallying", "tallied");
    }

    @Test
    void emfBlobs_eachCountOneInvocation_withItsOwnMetadata() {
        double tallied = 0;
        for (int i = 0; i < INVOCATIONS; i++) {
            InvocationResult r = results.get(i);
            String id = idOf(i);

            assertThat(r.emfBlobs()).as("EMF of %s", id).hasSize(1);
            assertThat(metricNames(r.emfBlobs())).containsExactlyInAnyOrder("Tallied", "TallyFinished");
            JsonNode blob = blobWith(r.emfBlobs(), "Tallied");
            assertThat(blob.path("Tallied").isNumber()).as("one value, not a list merged from several invocations: %s", blob).isTrue();
            assertThat(blob.path("Tallied").asDouble()).isEqualTo(1.0);
            assertThat(blob.path("TallyFinished").asDouble()).isEqualTo(1.0);
            assertThat(blob.path("tally_id").asText()).isEqualTo(id);
            assertThat(blob.path("function_request_id").asText()).isEqualTo(r.requestId());
            assertThat(tallyIds(blob.toString())).containsOnly(id);
            tallied += blob.path("Tallied").asDouble();
        }
        assertThat(tallied).isEqualTo(INVOCATIONS);
    }

    @Test
    void xraySegments_eachBelongToTheirOwnTrace_withTheirOwnSubsegmentAndAnnotations() {
        for (int i = 0; i < INVOCATIONS; i++) {
            InvocationResult r = results.get(i);
            String id = idOf(i);
            JsonNode handler = handlerSegment(r);

            assertThat(handler.path("trace_id").asText()).as("trace of %s", id).isEqualTo(traceRoot(r));
            assertThat(handler.path("fault").asBoolean()).isFalse();
            assertThat(handler.path("annotations").path("tally_id").asText()).isEqualTo(id);
            List<JsonNode> tallies = named(r, "## tally " + id);
            assertThat(tallies).as("the tally subsegment of %s", id).hasSize(1);
            assertThat(tallies.get(0).path("annotations").path("tally_id").asText()).isEqualTo(id);
            for (JsonNode document : r.segments()) {
                assertThat(document.path("trace_id").asText()).isEqualTo(traceRoot(r));
                assertThat(namesAndAnnotations(document)).as("names and annotations of %s", id)
                        .allSatisfy(s -> assertThat(tallyIds(s)).isSubsetOf(id));
            }
        }
        assertThat(function.environmentSegments()).as("segments no invocation's trace could claim")
                .noneMatch(s -> s.toString().contains("tally"));
    }

    @Test
    void concurrentReplays_returnTheStoredResponse_andAreLoggedCountedAndTracedAsThemselves() {
        Map<String, JsonNode> stored = new HashMap<>();
        for (int i = 0; i < INVOCATIONS; i++) {
            stored.put(idOf(i), results.get(i).responseJson());
        }
        assertThat(replays).hasSize(REPLAYS);
        for (int i = 0; i < REPLAYS; i++) {
            InvocationResult r = replays.get(i);
            String id = idOf(i);

            assertThat(r.succeeded()).as("replay of %s: %s", id, r).isTrue();
            assertThat(r.responseJson()).isEqualTo(stored.get(id));
            assertThat(messages(r.logLines())).contains("replayed tally " + id).doesNotContain("tallying " + id + " into "
                    + events.get(i).get("bucket"));
            assertThat(r.logLines()).allSatisfy(line -> {
                assertThat(line.path("function_request_id").asText()).isEqualTo(r.requestId());
                assertThat(tallyIds(line.toString())).containsOnly(id);
            });
            assertThat(metricNames(r.emfBlobs())).containsExactly("TallyReplayed");
            assertThat(blobWith(r.emfBlobs(), "TallyReplayed").path("tally_id").asText()).isEqualTo(id);
            assertThat(handlerSegment(r).path("annotations").path("replayed_id").asText()).isEqualTo(id);
        }
    }

    // --- helpers

    private static String idOf(int i) {
        return "t-" + i;
    }

    private static Set<String> tallyIds(String text) {
        Set<String> ids = new TreeSet<>();
        Matcher m = TALLY_ID.matcher(text);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    private static List<String> messages(List<JsonNode> lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add(l.path("message").asText()));
        return out;
    }

    private static JsonNode line(List<JsonNode> lines, String messagePrefix) {
        return lines.stream().filter(l -> l.path("message").asText().startsWith(messagePrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starts with '" + messagePrefix + "': " + lines));
    }

    private static String traceRoot(InvocationResult r) {
        String header = r.traceHeader().orElseThrow(() -> new AssertionError("no trace header: " + r));
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) {
                return part.substring(5);
            }
        }
        throw new AssertionError("no Root in " + header);
    }

    private static JsonNode handlerSegment(InvocationResult r) {
        List<JsonNode> handlers = named(r, "## handleRequest");
        assertThat(handlers).as("handler segments of %s", r.requestId()).hasSize(1);
        return handlers.get(0);
    }

    private static List<JsonNode> named(InvocationResult r, String name) {
        List<JsonNode> all = new ArrayList<>();
        r.segments().forEach(s -> collect(s, all));
        return all.stream().filter(s -> s.path("name").asText().equals(name)).toList();
    }

    private static void collect(JsonNode segment, List<JsonNode> into) {
        into.add(segment);
        segment.path("subsegments").forEach(s -> collect(s, into));
    }

    /** Each (sub)segment's name and annotations: what lambdakit wrote, not the captured response metadata. */
    private static List<String> namesAndAnnotations(JsonNode document) {
        List<JsonNode> all = new ArrayList<>();
        collect(document, all);
        List<String> out = new ArrayList<>();
        all.forEach(s -> out.add(s.path("name").asText() + " " + s.path("annotations")));
        return out;
    }

    /** The largest number of [start, end] spans open at one instant. */
    private static int maxOverlap(List<double[]> spans) {
        List<double[]> edges = new ArrayList<>();
        for (double[] s : spans) {
            edges.add(new double[] {s[0], 1});
            edges.add(new double[] {s[1], -1});
        }
        // at equal times, close before open: touching spans do not overlap
        edges.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int open = 0;
        int max = 0;
        for (double[] e : edges) {
            open += (int) e[1];
            max = Math.max(max, open);
        }
        return max;
    }
}
