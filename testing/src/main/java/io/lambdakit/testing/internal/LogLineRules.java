package io.lambdakit.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A lambdakit-logging line as docs/logging.md documents it: one strict JSON object on one line of at most
 * 256 KiB, starting with {@code timestamp}, {@code level}, {@code message}, {@code logger}, {@code service}
 * in that order, and every documented key present with its documented JSON type.
 */
public final class LogLineRules {

    /** CloudWatch's event limit as lambdakit-logging applies it. */
    public static final int MAX_LINE_BYTES = 256 * 1024;

    private static final String[] FIRST_KEYS = {"timestamp", "level", "message", "logger", "service"};
    private static final String[] STRING_KEYS = {"function_name", "function_version", "function_arn", "function_request_id",
        "xray_trace_id", "correlation_id", "tenant_id"};
    private static final String[] LEVELS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};

    private LogLineRules() {
    }

    /**
     * @param line one line as written (without its newline)
     * @return every rule it breaks, empty when it conforms
     */
    public static List<String> check(String line) {
        List<String> found = new ArrayList<>();
        int bytes = line.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_LINE_BYTES) {
            found.add("is " + bytes + " bytes; a log line holds at most " + MAX_LINE_BYTES);
        }
        int lineBreak = EmfRules.rawLineBreak(line);
        if (lineBreak >= 0) {
            found.add("contains a raw line break at index " + lineBreak + "; the log stream would split it");
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
     * @param line a parsed line
     * @return every documented key that is missing, misplaced or of the wrong type
     */
    public static List<String> check(JsonNode line) {
        List<String> found = new ArrayList<>();
        if (!line.isObject()) {
            found.add("is not a JSON object");
            return found;
        }
        Iterator<String> names = line.fieldNames();
        for (String key : FIRST_KEYS) {
            JsonNode v = line.get(key);
            if (v == null) {
                found.add("has no '" + key + "'");
            } else if (!v.isTextual()) {
                found.add("'" + key + "' is not a string: " + StrictJson.excerpt(v.toString(), 80));
            }
            String actual = names.hasNext() ? names.next() : null;
            if (v != null && !key.equals(actual)) {
                found.add("'" + key + "' is not where docs/logging.md puts it (the first keys are timestamp, level, message, logger, service; found '"
                        + (actual == null ? "" : StrictJson.excerpt(actual, 40)) + "')");
            }
        }
        JsonNode ts = line.get("timestamp");
        if (ts != null && ts.isTextual() && !isTimestamp(ts.textValue())) {
            found.add("timestamp '" + StrictJson.excerpt(ts.textValue(), 40) + "' is not UTC with milliseconds (yyyy-MM-ddTHH:mm:ss.SSSZ)");
        }
        JsonNode level = line.get("level");
        if (level != null && level.isTextual() && !isLevel(level.textValue())) {
            found.add("level '" + StrictJson.excerpt(level.textValue(), 40) + "' is not one of TRACE DEBUG INFO WARN ERROR");
        }
        for (String key : STRING_KEYS) {
            JsonNode v = line.get(key);
            if (v != null && !v.isTextual()) {
                found.add("'" + key + "' is not a string: " + StrictJson.excerpt(v.toString(), 80));
            }
        }
        type(line, "cold_start", "a boolean", line.path("cold_start").isBoolean(), found);
        type(line, "log_truncated", "a boolean", line.path("log_truncated").isBoolean(), found);
        type(line, "function_memory_size", "a number", line.path("function_memory_size").isNumber(), found);
        type(line, "sampling_rate", "a number", line.path("sampling_rate").isNumber(), found);
        JsonNode error = line.get("error");
        if (error != null) {
            if (!error.isObject()) {
                found.add("'error' is not an object: " + StrictJson.excerpt(error.toString(), 80));
            } else {
                if (!error.path("name").isTextual()) {
                    found.add("'error' has no string 'name'");
                }
                if (!error.path("stack").isTextual()) {
                    found.add("'error' has no string 'stack'");
                }
                if (error.has("message") && !error.get("message").isTextual()) {
                    found.add("'error.message' is not a string");
                }
            }
        }
        return found;
    }

    private static void type(JsonNode line, String key, String what, boolean ok, List<String> found) {
        if (line.has(key) && !ok) {
            found.add("'" + key + "' is not " + what + ": " + StrictJson.excerpt(line.get(key).toString(), 80));
        }
    }

    private static boolean isLevel(String s) {
        for (String l : LEVELS) {
            if (l.equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** yyyy-MM-ddTHH:mm:ss.SSSZ, with field ranges checked. */
    static boolean isTimestamp(String s) {
        if (s.length() != 24 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(19) != '.' || s.charAt(23) != 'Z') {
            return false;
        }
        int[] digits = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22};
        for (int i : digits) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        int month = Integer.parseInt(s.substring(5, 7));
        int day = Integer.parseInt(s.substring(8, 10));
        int hour = Integer.parseInt(s.substring(11, 13));
        int minute = Integer.parseInt(s.substring(14, 16));
        int second = Integer.parseInt(s.substring(17, 19));
        return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
    }
}
