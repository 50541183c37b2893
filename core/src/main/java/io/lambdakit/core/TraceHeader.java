package io.lambdakit.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An X-Ray trace header, {@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}.
 * In Lambda the {@code Parent} is the id of the function's facade segment. Keys other than Root,
 * Parent and Sampled (for example {@code Lineage}) are kept, in order, so the header can be
 * propagated downstream unchanged.
 *
 * @param root    the trace id, {@code 1-<8 hex epoch seconds>-<24 hex>}
 * @param parent  the parent segment id, 16 hex digits, or null
 * @param sampled the sampling decision
 * @param extra   other key=value pairs, in their original order
 */
public record TraceHeader(String root, String parent, Sampling sampled, Map<String, String> extra) {

    /** The sampling decision carried by a trace header. */
    public enum Sampling {
        /** {@code Sampled=1}: record and send. */
        SAMPLED,
        /** {@code Sampled=0}: send nothing. */
        NOT_SAMPLED,
        /** {@code Sampled=?} or absent: the decision is left to the recorder. In Lambda, treat as not sampled. */
        UNKNOWN
    }

    /**
     * @param root    the trace id
     * @param parent  the parent segment id, or null
     * @param sampled the sampling decision
     * @param extra   other pairs
     * @throws IllegalArgumentException when the root or parent are malformed
     */
    public TraceHeader {
        String problem = problem(root, parent);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        sampled = sampled == null ? Sampling.UNKNOWN : sampled;
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** @return true when {@code Sampled=1} */
    public boolean isSampled() {
        return sampled == Sampling.SAMPLED;
    }

    /** @return the parent id, empty when the header has none */
    public Optional<String> parentId() {
        return Optional.ofNullable(parent);
    }

    /**
     * Parses a header leniently about spacing and key case, strictly about ids. A malformed header
     * yields empty: tracing must never fail an invocation because of a header.
     *
     * @param header the header value, may be null
     * @return the parsed header, empty when absent or malformed
     */
    public static Optional<TraceHeader> parse(String header) {
        try {
            return Optional.ofNullable(header).filter(h -> !h.isBlank()).map(TraceHeader::parseOrThrow);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses a header and says exactly what is wrong with a malformed one.
     *
     * @param header the header value
     * @return the parsed header
     * @throws IllegalArgumentException when the header is malformed
     */
    public static TraceHeader parseOrThrow(String header) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("trace header is empty; expected Root=1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx;Parent=...;Sampled=0|1");
        }
        String root = null;
        String parent = null;
        Sampling sampled = Sampling.UNKNOWN;
        Map<String, String> extra = new LinkedHashMap<>();
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("trace header part '" + abbreviate(p) + "' is not key=value");
            }
            String key = p.substring(0, eq).trim();
            String value = p.substring(eq + 1).trim();
            if (key.equalsIgnoreCase("Root")) {
                root = value;
            } else if (key.equalsIgnoreCase("Parent")) {
                parent = value;
            } else if (key.equalsIgnoreCase("Sampled")) {
                sampled = switch (value) {
                    case "1" -> Sampling.SAMPLED;
                    case "0" -> Sampling.NOT_SAMPLED;
                    case "?", "" -> Sampling.UNKNOWN;
                    default -> throw new IllegalArgumentException("trace header Sampled='" + abbreviate(value) + "' must be 0, 1 or ?");
                };
            } else {
                extra.put(key, value);
            }
        }
        if (root == null) {
            throw new IllegalArgumentException("trace header has no Root; expected Root=1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx");
        }
        return new TraceHeader(root, parent, sampled, extra);
    }

    /** @return the header in X-Ray's wire form, e.g. {@code Root=...;Parent=...;Sampled=1} */
    public String toHeaderString() {
        StringBuilder sb = new StringBuilder(96).append("Root=").append(root);
        if (parent != null) {
            sb.append(";Parent=").append(parent);
        }
        switch (sampled) {
            case SAMPLED -> sb.append(";Sampled=1");
            case NOT_SAMPLED -> sb.append(";Sampled=0");
            default -> { }
        }
        extra.forEach((k, v) -> sb.append(';').append(k).append('=').append(v));
        return sb.toString();
    }

    /**
     * @param newParent the id of a new parent segment
     * @return this header with another parent, e.g. for propagating from a subsegment
     */
    public TraceHeader withParent(String newParent) {
        return new TraceHeader(root, newParent, sampled, extra);
    }

    /**
     * @param id a candidate trace id
     * @return true for {@code 1-<8 hex>-<24 hex>}
     */
    public static boolean isValidTraceId(String id) {
        return id != null && id.length() == 35 && id.charAt(0) == '1' && id.charAt(1) == '-' && id.charAt(10) == '-'
                && isHex(id, 2, 10) && isHex(id, 11, 35);
    }

    /**
     * @param id a candidate segment id
     * @return true for 16 lower-case or upper-case hex digits
     */
    public static boolean isValidSegmentId(String id) {
        return id != null && id.length() == 16 && isHex(id, 0, 16);
    }

    @Override
    public String toString() {
        return toHeaderString();
    }

    private static String problem(String root, String parent) {
        if (!isValidTraceId(root)) {
            return "trace header Root='" + abbreviate(String.valueOf(root)) + "' must be 1-<8 hex digits>-<24 hex digits>";
        }
        if (parent != null && !isValidSegmentId(parent)) {
            return "trace header Parent='" + abbreviate(parent) + "' must be 16 hex digits";
        }
        return null;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
