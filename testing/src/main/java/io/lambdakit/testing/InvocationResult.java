package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Json;
import io.lambdakit.testing.internal.LambdaSerialization;
import io.lambdakit.testing.internal.OutputParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one invocation produced: the response or the error Lambda would return, and everything
 * the function emitted while it ran, already parsed: JSON log lines, EMF metric blobs and the
 * X-Ray segment documents the local daemon received.
 */
public final class InvocationResult {

    private final String requestId;
    private final String traceHeader;
    private final String response;
    private final InvocationError error;
    private final boolean timedOut;
    private final List<String> stdout;
    private final List<JsonNode> logLines;
    private final List<JsonNode> emfBlobs;
    private final List<JsonNode> segments;
    private final List<byte[]> xrayDatagrams;
    private final Duration duration;
    private final boolean coldStart;
    private final String environmentId;

    InvocationResult(String requestId, String traceHeader, String response, InvocationError error, boolean timedOut,
                     List<String> stdout, List<JsonNode> segments, List<byte[]> xrayDatagrams, Duration duration, boolean coldStart,
                     String environmentId) {
        this.requestId = requestId;
        this.traceHeader = traceHeader;
        this.response = response;
        this.error = error;
        this.timedOut = timedOut;
        this.stdout = List.copyOf(stdout);
        OutputParser.Parsed parsed = OutputParser.parse(this.stdout);
        this.logLines = parsed.logLines();
        this.emfBlobs = parsed.emfBlobs();
        this.segments = List.copyOf(segments);
        this.xrayDatagrams = List.copyOf(xrayDatagrams);
        this.duration = duration;
        this.coldStart = coldStart;
        this.environmentId = environmentId;
    }

    /** @return the request id Lambda assigned */
    public String requestId() {
        return requestId;
    }

    /** @return the X-Ray trace header sent with the invocation, empty when tracing was off */
    public Optional<String> traceHeader() {
        return Optional.ofNullable(traceHeader);
    }

    /**
     * @return the response payload as the runtime wrote it (JSON for POJO handlers)
     * @throws InvocationFailedException when the invocation failed or timed out
     */
    public String response() {
        if (error != null) {
            throw new InvocationFailedException(requestId, error);
        }
        return response;
    }

    /**
     * @return the response parsed as a JSON tree
     * @throws InvocationFailedException when the invocation failed
     * @throws UncheckedIOException      when the response is not JSON
     */
    public JsonNode responseJson() {
        try {
            return Json.mapper().readTree(response());
        } catch (IOException e) {
            throw new UncheckedIOException("the response of " + requestId + " is not JSON", e);
        }
    }

    /**
     * Reads the response the way the Lambda runtime's serializer would, so event types such as
     * {@code APIGatewayProxyResponseEvent} or {@code SQSBatchResponse} round-trip exactly.
     *
     * @param type the response type
     * @param <T>  the response type
     * @return the response
     * @throws InvocationFailedException when the invocation failed
     */
    public <T> T responseAs(Class<T> type) {
        return LambdaSerialization.fromJson(response(), type);
    }

    /** @return the error Lambda would return, empty on success */
    public Optional<InvocationError> error() {
        return Optional.ofNullable(error);
    }

    /** @return true when the invocation succeeded */
    public boolean succeeded() {
        return error == null;
    }

    /** @return true when the invocation ran past its timeout (the environment was then recycled) */
    public boolean timedOut() {
        return timedOut;
    }

    /**
     * @return every line the function wrote to stdout or stderr during the invocation, in order
     *         (Lambda merges both into the log stream, and so does the test kit)
     */
    public List<String> stdout() {
        return stdout;
    }

    /** @return the output lines that are JSON objects, except EMF blobs */
    public List<JsonNode> logLines() {
        return logLines;
    }

    /** @return the output lines that are CloudWatch embedded-metric-format documents */
    public List<JsonNode> emfBlobs() {
        return emfBlobs;
    }

    /** @return the X-Ray segment documents the local daemon received during the invocation */
    public List<JsonNode> segments() {
        return segments;
    }

    /**
     * @return the UDP datagrams the local daemon received during the invocation, exactly as sent (copies),
     *         including any it rejected
     */
    public List<byte[]> xrayDatagrams() {
        List<byte[]> copies = new ArrayList<>(xrayDatagrams.size());
        for (byte[] d : xrayDatagrams) {
            copies.add(d.clone());
        }
        return copies;
    }

    /**
     * Checks every structured output line (EMF and log lines) and every X-Ray datagram against the published
     * rules; see {@link Conformance}.
     *
     * @return this result, for chaining
     * @throws AssertionError naming every violation
     */
    public InvocationResult assertConformant() {
        Conformance.assertConformant(this);
        return this;
    }

    /** @return wall-clock time from submitting the invocation to its outcome */
    public Duration duration() {
        return duration;
    }

    /**
     * @return true when this was the first invocation of its execution environment; a function shared by
     *         several tests has one such invocation, in whichever test ran first (see
     *         {@link LocalFunctionExtension#freshPerTest()} and {@link LocalFunction#restart()})
     */
    public boolean coldStart() {
        return coldStart;
    }

    /**
     * @return the execution environment that ran the invocation, named like its log stream; a
     *         recycled environment gets a new one
     */
    public String environmentId() {
        return environmentId;
    }

    @Override
    public String toString() {
        return "InvocationResult[" + requestId + (error == null ? ", ok" : ", " + error) + ", " + duration.toMillis() + " ms]";
    }
}
