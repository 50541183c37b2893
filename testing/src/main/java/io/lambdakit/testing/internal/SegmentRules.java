package io.lambdakit.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The X-Ray daemon protocol and segment documents: one UDP datagram of at most 64 KB holding the
 * header line {@code {"format":"json","version":1}}, a newline and one segment document, which must meet
 * the segment document schema, the name pattern the schema leaves to code, version-1 trace ids and
 * consistent times.
 */
public final class SegmentRules {

    /** Largest datagram the daemon reads. */
    public static final int MAX_DATAGRAM_BYTES = 64 * 1024;

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/%&#=+\\-@]{1,200}");
    private static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}");
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{16}");

    private SegmentRules() {
    }

    /**
     * @param datagram one UDP datagram as sent
     * @return every rule it breaks, empty when it conforms
     */
    public static List<String> checkDatagram(byte[] datagram) {
        List<String> found = new ArrayList<>();
        if (datagram.length > MAX_DATAGRAM_BYTES) {
            found.add("is " + datagram.length + " bytes; the daemon reads at most " + MAX_DATAGRAM_BYTES);
        }
        int newline = -1;
        for (int i = 0; i < datagram.length; i++) {
            if (datagram[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            found.add("has no header line: the daemon protocol is {\"format\":\"json\",\"version\":1}, a newline, then the document");
            return found;
        }
        byte[] header = java.util.Arrays.copyOfRange(datagram, 0, newline);
        StrictJson.Read h = StrictJson.readUtf8(header);
        if (h.error() != null || !h.tree().isObject() || h.tree().size() != 2
                || !"json".equals(h.tree().path("format").textValue())
                || !h.tree().path("version").isIntegralNumber() || h.tree().path("version").intValue() != 1) {
            found.add("has the header line '" + StrictJson.excerpt(new String(header, StandardCharsets.UTF_8), 80)
                    + "' but the daemon expects {\"format\":\"json\",\"version\":1}");
        }
        byte[] body = java.util.Arrays.copyOfRange(datagram, newline + 1, datagram.length);
        StrictJson.Read doc = StrictJson.readUtf8(body);
        if (doc.error() != null) {
            found.add("document " + doc.error());
            return found;
        }
        found.addAll(checkDocument(doc.tree()));
        return found;
    }

    /**
     * @param document a parsed segment document (a segment, or a subsegment sent on its own)
     * @return every rule it breaks, empty when it conforms
     */
    public static List<String> checkDocument(JsonNode document) {
        if (!document.isObject()) {
            return List.of("is not a JSON object");
        }
        List<String> found = new ArrayList<>(Schemas.segment(document));
        JsonNode name = document.get("name");
        if (name != null && name.isTextual() && !NAME.matcher(name.textValue()).matches()) {
            found.add("name '" + StrictJson.excerpt(name.textValue(), 80) + "' is not 1 to 200 letters, numbers, spaces or _ . : / % & # = + - @");
        }
        JsonNode traceId = document.get("trace_id");
        if (traceId != null && traceId.isTextual() && !TRACE_ID.matcher(traceId.textValue()).matches()) {
            found.add("trace_id '" + StrictJson.excerpt(traceId.textValue(), 80) + "' is not a version 1 trace id (1-8 hex digits-24 hex digits)");
        }
        if ("subsegment".equals(document.path("type").textValue()) && !document.path("parent_id").isTextual()) {
            found.add("is a subsegment sent on its own but has no parent_id");
        }
        checkEntity(document, "", found);
        return found;
    }

    private static void checkEntity(JsonNode entity, String where, List<String> found) {
        String label = where.isEmpty() ? "document" : where;
        JsonNode id = entity.get("id");
        if (id != null && id.isTextual() && !ID.matcher(id.textValue()).matches()) {
            found.add(label + " id '" + StrictJson.excerpt(id.textValue(), 40) + "' is not 16 hexadecimal digits");
        }
        JsonNode start = entity.get("start_time");
        JsonNode end = entity.get("end_time");
        boolean inProgress = entity.path("in_progress").asBoolean(false);
        if (end == null && !inProgress) {
            found.add(label + " has neither end_time nor in_progress: true");
        }
        if (end != null && inProgress) {
            found.add(label + " has an end_time but says in_progress: true");
        }
        if (start != null && end != null && start.isNumber() && end.isNumber()
                && end.decimalValue().compareTo(start.decimalValue()) < 0) {
            found.add(label + " ends (" + end.asText() + ") before it starts (" + start.asText() + ")");
        }
        JsonNode subsegments = entity.get("subsegments");
        if (subsegments != null && subsegments.isArray()) {
            for (int i = 0; i < subsegments.size(); i++) {
                JsonNode sub = subsegments.get(i);
                if (sub.isObject()) {
                    String subWhere = (where.isEmpty() ? "" : where + ".") + "subsegments[" + i + "]";
                    checkEntity(sub, subWhere, found);
                    JsonNode subStart = sub.get("start_time");
                    if (start != null && subStart != null && start.isNumber() && subStart.isNumber()
                            && subStart.decimalValue().compareTo(start.decimalValue()) < 0) {
                        found.add(subWhere + " starts (" + subStart.asText() + ") before its parent (" + start.asText() + ")");
                    }
                }
            }
        }
    }
}
