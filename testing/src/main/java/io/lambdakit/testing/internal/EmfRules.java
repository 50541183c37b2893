package io.lambdakit.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The EMF specification and the CloudWatch limits an EMF log event must meet: the specification's JSON
 * schema, then the rules it leaves to prose or to CloudWatch (target members, namespace pattern, value
 * range, line terminators in names, counts, event size).
 */
public final class EmfRules {

    /** Largest CloudWatch Logs event, in UTF-8 bytes. */
    public static final int MAX_EVENT_BYTES = 1024 * 1024;
    /** Most metric definitions in one directive. */
    public static final int MAX_METRICS_PER_DIRECTIVE = 100;
    /** Most values of one metric. */
    public static final int MAX_VALUES_PER_METRIC = 100;
    /** Most keys in one dimension set. */
    public static final int MAX_DIMENSIONS_PER_SET = 30;
    /** Longest namespace CloudWatch accepts. */
    public static final int MAX_NAMESPACE_LENGTH = 255;
    /** Longest dimension value. */
    public static final int MAX_DIMENSION_VALUE_LENGTH = 1024;

    private static final double MAX_MAGNITUDE = Math.scalb(1.0, 360);
    private static final double MIN_MAGNITUDE = Math.scalb(1.0, -360);

    private EmfRules() {
    }

    /**
     * @param line one log event as written (without its newline)
     * @return every rule it breaks, empty when it conforms
     */
    public static List<String> check(String line) {
        List<String> found = new ArrayList<>();
        int bytes = line.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EVENT_BYTES) {
            found.add("is " + bytes + " bytes but a CloudWatch Logs event holds at most " + MAX_EVENT_BYTES);
        }
        int terminator = rawLineBreak(line);
        if (terminator >= 0) {
            found.add("contains a line terminator " + describe(line.charAt(terminator)) + " at index " + terminator
                    + "; the log event would be split");
        }
        StrictJson.Read read = StrictJson.read(line);
        if (read.error() != null) {
            found.add(read.error());
            return found;
        }
        found.addAll(check(read.tree()));
        return found;
    }

    /**
     * @param blob a parsed EMF document
     * @return every rule it breaks, empty when it conforms
     */
    public static List<String> check(JsonNode blob) {
        List<String> found = new ArrayList<>(Schemas.emf(blob));
        JsonNode directives = blob.path("_aws").path("CloudWatchMetrics");
        if (!blob.isObject() || !directives.isArray()) {
            if (found.isEmpty()) {
                found.add("has no _aws.CloudWatchMetrics array");
            }
            return found;
        }
        for (int d = 0; d < directives.size(); d++) {
            JsonNode directive = directives.get(d);
            String where = "CloudWatchMetrics[" + d + "]";
            checkNamespace(directive.get("Namespace"), where, found);
            checkDimensions(blob, directive.get("Dimensions"), where, found);
            checkMetrics(blob, directive.get("Metrics"), where, found);
        }
        return found;
    }

    private static void checkNamespace(JsonNode node, String where, List<String> found) {
        if (node == null || !node.isTextual()) {
            return; // the schema said so
        }
        String ns = node.textValue();
        if (ns.length() > MAX_NAMESPACE_LENGTH) {
            found.add(where + ".Namespace is " + ns.length() + " characters long; CloudWatch allows at most " + MAX_NAMESPACE_LENGTH);
        }
        if (ns.startsWith(":")) {
            found.add(where + ".Namespace '" + StrictJson.excerpt(ns, 80) + "' starts with ':', which CloudWatch's pattern [^:].* forbids");
        }
        if (ns.startsWith("AWS/")) {
            found.add(where + ".Namespace '" + StrictJson.excerpt(ns, 80) + "' starts with 'AWS/', which CloudWatch reserves for AWS services");
        }
        for (int i = 0; i < ns.length(); i++) {
            char c = ns.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == '/' || c == '#' || c == ':' || c == ' ';
            if (!ok) {
                found.add(where + ".Namespace '" + StrictJson.excerpt(ns, 80) + "' contains " + describe(c) + " at index " + i
                        + "; CloudWatch namespaces hold only letters, digits, space and . - _ / # :");
                break;
            }
        }
    }

    private static void checkDimensions(JsonNode blob, JsonNode sets, String where, List<String> found) {
        if (sets == null || !sets.isArray()) {
            return;
        }
        for (int s = 0; s < sets.size(); s++) {
            JsonNode set = sets.get(s);
            if (!set.isArray()) {
                continue;
            }
            String setWhere = where + ".Dimensions[" + s + "]";
            if (set.size() > MAX_DIMENSIONS_PER_SET) {
                found.add(setWhere + " has " + set.size() + " dimensions; at most " + MAX_DIMENSIONS_PER_SET + " per set");
            }
            for (JsonNode keyNode : set) {
                if (!keyNode.isTextual()) {
                    continue;
                }
                String key = keyNode.textValue();
                nameRules(key, setWhere + " dimension", found);
                JsonNode target = blob.get(key);
                if (target == null) {
                    found.add(setWhere + " references dimension '" + StrictJson.excerpt(key, 80) + "' but the document has no such root member");
                } else if (!target.isTextual()) {
                    found.add("dimension '" + StrictJson.excerpt(key, 80) + "' is not a string: " + StrictJson.excerpt(target.toString(), 80));
                } else if (target.textValue().isEmpty()) {
                    found.add("dimension '" + StrictJson.excerpt(key, 80) + "' has an empty value; CloudWatch needs 1 to "
                            + MAX_DIMENSION_VALUE_LENGTH + " characters");
                } else if (target.textValue().length() > MAX_DIMENSION_VALUE_LENGTH) {
                    found.add("dimension '" + StrictJson.excerpt(key, 80) + "' has a value of " + target.textValue().length()
                            + " characters; at most " + MAX_DIMENSION_VALUE_LENGTH);
                }
            }
        }
    }

    private static void checkMetrics(JsonNode blob, JsonNode metrics, String where, List<String> found) {
        if (metrics == null || !metrics.isArray()) {
            return;
        }
        if (metrics.size() > MAX_METRICS_PER_DIRECTIVE) {
            found.add(where + ".Metrics has " + metrics.size() + " metric definitions; at most " + MAX_METRICS_PER_DIRECTIVE + " per directive");
        }
        Set<String> names = new HashSet<>();
        for (int m = 0; m < metrics.size(); m++) {
            JsonNode metric = metrics.get(m);
            JsonNode nameNode = metric.get("Name");
            JsonNode resolution = metric.get("StorageResolution");
            if (resolution != null && resolution.isIntegralNumber() && resolution.intValue() != 1 && resolution.intValue() != 60) {
                found.add(where + ".Metrics[" + m + "].StorageResolution is " + resolution + "; CloudWatch accepts 1 or 60");
            }
            if (nameNode == null || !nameNode.isTextual()) {
                continue;
            }
            String name = nameNode.textValue();
            String label = "metric '" + StrictJson.excerpt(name, 80) + "'";
            nameRules(name, where + ".Metrics[" + m + "] name", found);
            if (!names.add(name)) {
                found.add(label + " is defined twice in " + where);
            }
            JsonNode target = blob.get(name);
            if (target == null) {
                found.add(label + " has no root member holding its value");
            } else if (target.isArray()) {
                if (target.size() == 0 || target.size() > MAX_VALUES_PER_METRIC) {
                    found.add(label + " has " + target.size() + " values; 1 to " + MAX_VALUES_PER_METRIC + " allowed");
                }
                for (JsonNode v : target) {
                    checkValue(label, v, found);
                }
            } else {
                checkValue(label, target, found);
            }
        }
    }

    private static void checkValue(String label, JsonNode v, List<String> found) {
        if (!v.isNumber()) {
            found.add(label + " has a value that is not a number: " + StrictJson.excerpt(v.toString(), 80));
            return;
        }
        // compared as the nearest double, so 2^-360 written in its shortest form (4.2579598400081507E-109) is in
        // range; a non-zero value that rounds to 0 or to infinity is out of it
        BigDecimal exact = v.decimalValue();
        double magnitude = Math.abs(exact.doubleValue());
        if (exact.signum() != 0 && (magnitude == 0 || magnitude > MAX_MAGNITUDE || magnitude < MIN_MAGNITUDE)) {
            found.add(label + " has value " + v.asText() + "; CloudWatch accepts 0 or magnitudes from 2^-360 to 2^360");
        }
    }

    private static void nameRules(String name, String where, List<String> found) {
        int t = lineTerminator(name);
        if (t >= 0) {
            found.add(where + " '" + StrictJson.excerpt(name, 80) + "' contains the line terminator " + describe(name.charAt(t))
                    + "; CloudWatch rejects names with line breaks");
        }
    }

    /**
     * @param line a line as written
     * @return the index of the first CR or LF (where a log stream would split it), or -1
     */
    public static int rawLineBreak(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\n' || line.charAt(i) == '\r') {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param s a string
     * @return the index of the first Unicode mandatory line break (LF, VT, FF, CR, NEL, LS, PS), or -1
     */
    public static int lineTerminator(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isLineTerminator(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\u000B' || c == '\u000C' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /**
     * @param c a character
     * @return {@code U+XXXX} and the character when it is visible
     */
    public static String describe(char c) {
        String hex = Integer.toHexString(c).toUpperCase();
        return "U+" + "0000".substring(hex.length()) + hex + (c > 0x20 && c < 0x7f ? " '" + c + "'" : "");
    }
}
