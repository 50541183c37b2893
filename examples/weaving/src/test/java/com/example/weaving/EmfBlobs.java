package com.example.weaving;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reading the EMF blobs an invocation wrote, for the weaving ITs. */
final class EmfBlobs {

    private EmfBlobs() {
    }

    /** The metric names the blobs declare, in order. */
    static List<String> metricNames(List<JsonNode> blobs) {
        List<String> names = new ArrayList<>();
        for (JsonNode b : blobs) {
            names.addAll(b.at("/_aws/CloudWatchMetrics").findValuesAsText("Name"));
        }
        return names;
    }

    /** The first blob that carries {@code metric}. */
    static JsonNode blobWith(List<JsonNode> blobs, String metric) {
        for (JsonNode b : blobs) {
            if (b.has(metric)) {
                return b;
            }
        }
        throw new AssertionError("no EMF blob has " + metric + ": " + blobs);
    }
}
