package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits what the local X-Ray daemon receives among the invocations in flight of a managed-instances function:
 * a segment (and its datagram) belongs to the invocation whose trace header has the segment's
 * {@code trace_id} as its {@code Root=}. Each invocation has its own root, as Lambda gives each its own trace.
 * Segments of no in-flight invocation are kept for {@link LocalFunction#environmentSegments()}.
 */
final class SegmentAttribution {

    private final LocalXRayDaemon daemon;
    private final Map<String, Bucket> open = new HashMap<>();
    private final List<JsonNode> unattributed = new ArrayList<>();

    private static final class Bucket {
        final List<JsonNode> segments = new ArrayList<>();
        final List<byte[]> datagrams = new ArrayList<>();
    }

    SegmentAttribution(LocalXRayDaemon daemon) {
        this.daemon = daemon;
    }

    /** @return the {@code Root=} value of a trace header, or null */
    static String root(String traceHeader) {
        if (traceHeader == null) {
            return null;
        }
        for (String part : traceHeader.split(";")) {
            String p = part.trim();
            if (p.startsWith("Root=")) {
                return p.substring("Root=".length());
            }
        }
        return null;
    }

    synchronized void open(String root) {
        if (root != null) {
            open.put(root, new Bucket());
        }
    }

    synchronized LocalXRayDaemon.Drained close(String root) {
        pump();
        Bucket b = root != null ? open.remove(root) : null;
        return b == null ? new LocalXRayDaemon.Drained(List.of(), List.of()) : new LocalXRayDaemon.Drained(b.segments, b.datagrams);
    }

    synchronized List<JsonNode> drainUnattributed() {
        pump();
        List<JsonNode> taken = List.copyOf(unattributed);
        unattributed.clear();
        return taken;
    }

    private void pump() {
        LocalXRayDaemon.Drained drained = daemon.drainWithDatagrams();
        for (JsonNode segment : drained.segments()) {
            Bucket b = open.get(segment.path("trace_id").asText(""));
            if (b != null) {
                b.segments.add(segment);
            } else {
                unattributed.add(segment);
            }
        }
        for (byte[] datagram : drained.datagrams()) {
            Bucket b = open.get(traceIdOf(datagram));
            if (b != null) {
                b.datagrams.add(datagram);
            }
        }
    }

    private static String traceIdOf(byte[] datagram) {
        String text = new String(datagram, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        try {
            JsonNode doc = Json.mapper().readTree(text.substring(newline + 1));
            return doc != null ? doc.path("trace_id").asText("") : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
