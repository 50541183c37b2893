package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.internal.EmfRules;
import io.lambdakit.testing.internal.LogLineRules;
import io.lambdakit.testing.internal.SegmentRules;
import io.lambdakit.testing.internal.StrictJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Checks a function's output against the published rules, so a test can prove that what it emits is
 * accepted downstream: EMF blobs against the EMF specification's JSON schema and CloudWatch's limits, X-Ray
 * datagrams against the daemon protocol and the segment document schema, log lines against strict JSON
 * and the keys docs/logging.md documents.
 *
 * <p>Each {@code ...Violations} method returns every rule broken (empty when the input conforms), each
 * as a sentence naming the member and the rule; each {@code assert...} method throws one
 * {@link AssertionError} naming every violation of every input, with the input's position and an
 * excerpt. No AssertJ needed; with AssertJ, {@code assertThat(Conformance.emfViolations(line)).isEmpty()}.
 *
 * <p>The rules:
 * <ul>
 *   <li>EMF: one line of strict JSON (no duplicate keys, NaN, raw control characters or unpaired
 *       surrogates) of at most 1 MB; the specification's schema; namespaces of at most 255 characters from
 *       {@code A-Z a-z 0-9 . - _ / # :} and space, not starting with {@code :} or {@code AWS/}; metric and
 *       dimension names without line terminators; at most 100 metrics per directive, 30 dimensions per set,
 *       100 values per metric; StorageResolution 1 or 60; every referenced metric a root number (or array of
 *       numbers) that is 0 or of magnitude 2^-360 to 2^360; every referenced dimension a root string of 1
 *       to 1024 characters.</li>
 *   <li>X-Ray: a datagram of at most 64 KB: the header line {@code {"format":"json","version":1}}, a
 *       newline, one strict JSON document that meets the segment document schema, with a name of 1 to 200
 *       letters, numbers, spaces or {@code _ . : / % & # = + - @}, a version 1 trace id, 16-hex-digit ids,
 *       and end_time (not before start_time) or in_progress on every segment and subsegment.</li>
 *   <li>Log lines: one line of strict JSON of at most 256 KiB whose first keys are {@code timestamp}
 *       (UTC, milliseconds), {@code level}, {@code message}, {@code logger}, {@code service}, and whose
 *       documented keys ({@code cold_start}, {@code function_*}, {@code error}, ...) have their documented
 *       types.</li>
 * </ul>
 */
public final class Conformance {

    private static final int EXCERPT = 300;

    private Conformance() {
    }

    // ---- EMF ----

    /**
     * @param line one EMF log event as written, without its newline
     * @return every rule it breaks, empty when it conforms
     */
    public static List<String> emfViolations(String line) {
        return EmfRules.check(Objects.requireNonNull(line, "line"));
    }

    /**
     * The rules that apply to the parsed document (everything but the strict-JSON and size rules).
     *
     * @param blob a parsed EMF document
     * @return every rule it breaks, empty when it conforms
     */
    public static List<String> emfViolations(JsonNode blob) {
        return EmfRules.check(Objects.requireNonNull(blob, "blob"));
    }

    /**
     * @param lines EMF log events as written, without newlines
     * @throws AssertionError naming every violation of every line
     */
    public static void assertEmf(Collection<String> lines) {
        List<String> report = new ArrayList<>();
        int i = 0;
        for (String line : lines) {
            collect(report, "EMF line " + i++, EmfRules.check(line), line);
        }
        fail(report, lines.size(), "EMF lines");
    }

    // ---- X-Ray ----

    /**
     * @param datagram one UDP datagram as sent to the daemon
     * @return every rule it breaks, empty when it conforms
     */
    public static List<String> xrayDatagramViolations(byte[] datagram) {
        return SegmentRules.checkDatagram(Objects.requireNonNull(datagram, "datagram"));
    }

    /**
     * The rules that apply to the parsed document (everything but the protocol, strict-JSON and size rules).
     *
     * @param document a parsed segment document (a segment, or a subsegment sent on its own)
     * @return every rule it breaks, empty when it conforms
     */
    public static List<String> segmentViolations(JsonNode document) {
        return SegmentRules.checkDocument(Objects.requireNonNull(document, "document"));
    }

    /**
     * @param datagrams UDP datagrams as sent, e.g. {@link LocalXRayDaemon#datagrams()}
     * @throws AssertionError naming every violation of every datagram
     */
    public static void assertXRayDatagrams(Collection<byte[]> datagrams) {
        List<String> report = new ArrayList<>();
        int i = 0;
        for (byte[] d : datagrams) {
            collect(report, "X-Ray datagram " + i++, SegmentRules.checkDatagram(d), new String(d, StandardCharsets.UTF_8));
        }
        fail(report, datagrams.size(), "X-Ray datagrams");
    }

    /**
     * @param documents parsed segment documents, e.g. {@link InvocationResult#segments()}
     * @throws AssertionError naming every violation of every document
     */
    public static void assertSegments(Collection<JsonNode> documents) {
        List<String> report = new ArrayList<>();
        int i = 0;
        for (JsonNode d : documents) {
            collect(report, "segment document " + i++, SegmentRules.checkDocument(d), d.toString());
        }
        fail(report, documents.size(), "segment documents");
    }

    // ---- log lines ----

    /**
     * @param line one lambdakit-logging line as written, without its newline
     * @return every rule it breaks, empty when it conforms
     */
    public static List<String> logLineViolations(String line) {
        return LogLineRules.check(Objects.requireNonNull(line, "line"));
    }

    /**
     * @param lines lambdakit-logging lines as written, without newlines
     * @throws AssertionError naming every violation of every line
     */
    public static void assertLogLines(Collection<String> lines) {
        List<String> report = new ArrayList<>();
        int i = 0;
        for (String line : lines) {
            collect(report, "log line " + i++, LogLineRules.check(line), line);
        }
        fail(report, lines.size(), "log lines");
    }

    // ---- a function's whole output ----

    /**
     * Checks the structured lines of a function's output: a line starting with <code>{</code> that mentions
     * {@code "CloudWatchMetrics"} is checked as EMF, any other line starting with <code>{</code> as a log
     * line; plain-text lines (the runtime's own, {@code System.out.println}) are left alone.
     *
     * @param lines output lines as written, without newlines, e.g. {@link InvocationResult#stdout()}
     * @return every violation, each prefixed with the line's position and kind
     */
    public static List<String> outputViolations(List<String> lines) {
        List<String> report = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.charAt(0) != '{') {
                continue;
            }
            boolean emf = line.contains("\"CloudWatchMetrics\"");
            List<String> v = emf ? EmfRules.check(line) : LogLineRules.check(line);
            for (String s : v) {
                report.add((emf ? "EMF" : "log") + " line " + i + ": " + s);
            }
        }
        return report;
    }

    /**
     * @param result one invocation's outcome
     * @return every violation in its output lines and its X-Ray datagrams
     */
    public static List<String> violations(InvocationResult result) {
        List<String> report = outputViolations(result.stdout());
        List<byte[]> datagrams = result.xrayDatagrams();
        for (int i = 0; i < datagrams.size(); i++) {
            for (String s : SegmentRules.checkDatagram(datagrams.get(i))) {
                report.add("X-Ray datagram " + i + ": " + s);
            }
        }
        return report;
    }

    /**
     * @param result one invocation's outcome
     * @throws AssertionError naming every violation in its output lines and X-Ray datagrams
     */
    public static void assertConformant(InvocationResult result) {
        List<String> report = violations(result);
        if (!report.isEmpty()) {
            throw new AssertionError(report.size() + " conformance violation(s) in the output of " + result.requestId() + ":\n"
                    + String.join("\n", report));
        }
    }

    private static void collect(List<String> report, String where, List<String> violations, String input) {
        if (violations.isEmpty()) {
            return;
        }
        for (String v : violations) {
            report.add(where + ": " + v);
        }
        report.add("    in: " + StrictJson.excerpt(input, EXCERPT));
    }

    private static void fail(List<String> report, int total, String what) {
        if (!report.isEmpty()) {
            throw new AssertionError("conformance violations among " + total + " " + what + ":\n" + String.join("\n", report));
        }
    }
}
