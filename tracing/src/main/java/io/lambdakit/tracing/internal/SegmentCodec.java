package io.lambdakit.tracing.internal;

import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.core.spi.JsonWriter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Encodes subsegments as X-Ray segment documents with core's {@link JsonWriter}, straight to UTF-8.
 *
 * <p>A document is at most {@code budget} bytes. {@link #encode} writes a subsegment as an
 * independent document ({@code type}, {@code trace_id}, {@code parent_id}) and embeds each child
 * that still fits; a child that does not fit is rewound and handed back in {@code detached}, to be
 * sent as a document of its own pointing at its parent. Only a subsegment that alone exceeds the
 * budget loses content, member by member (annotations, metadata entries, exceptions), and that is
 * reported. Metadata values over {@code maxMetadataValueBytes} are cut into a string that ends in a
 * marker, and a value Jackson cannot serialise becomes a placeholder string: a response can never
 * break the document.
 */
final class SegmentCodec {

    static final int MAX_FRAMES = 32;
    static final int MAX_MESSAGE_CHARS = 2048;
    static final String TRUNCATION_MARKER = "...[truncated by lambdakit]";

    private final int budget;
    private final int maxMetadataValueBytes;
    private final String workingDirectory;
    private final Diagnostics diagnostics;

    /**
     * @param budget                the largest document, in bytes
     * @param maxMetadataValueBytes the largest encoded metadata value, in bytes, before it is cut
     * @param workingDirectory      recorded in causes; may be null
     * @param diagnostics           where dropped content and unserialisable values are reported, once per kind
     */
    SegmentCodec(int budget, int maxMetadataValueBytes, String workingDirectory, Diagnostics diagnostics) {
        this.budget = budget;
        this.maxMetadataValueBytes = maxMetadataValueBytes;
        this.workingDirectory = workingDirectory;
        this.diagnostics = diagnostics;
    }

    /** @return the largest document this codec writes, in bytes */
    public int budget() {
        return budget;
    }

    /**
     * Writes {@code root} as an independent subsegment document into {@code w} (after resetting it).
     *
     * @param root     the subsegment
     * @param w        the writer
     * @param detached receives the descendants that did not fit and must be sent on their own
     */
    public void encode(Subsegment root, JsonWriter w, Collection<Subsegment> detached) {
        w.reset();
        writeNode(root, true, w, detached, 0);
    }

    private boolean fits(JsonWriter w, int reserve) {
        return w.size() + reserve <= budget;
    }

    /**
     * @param top     true for the document's root: written with type/trace_id/parent_id, and the only
     *                subsegment whose own members may be dropped to fit
     * @param enclosing containers open around this subsegment, i.e. bytes needed to close them
     */
    private void writeNode(Subsegment n, boolean top, JsonWriter w, Collection<Subsegment> detached, int enclosing) {
        Subsegment.View v = n.view();
        int reserve = enclosing + 4;
        w.beginObject();
        w.name("name").value(n.name);
        w.name("id").value(n.id);
        w.name("start_time").value(n.startTime);
        if (v.closed()) {
            w.name("end_time").value(v.endTime());
        } else {
            w.name("in_progress").value(true);
        }
        if (top) {
            w.name("type").value("subsegment");
            w.name("trace_id").value(n.traceId);
            w.name("parent_id").value(n.parentId);
        }
        if (n.namespace != null) {
            w.name("namespace").value(n.namespace);
        }
        if (v.error()) {
            w.name("error").value(true);
        }
        if (v.throttle()) {
            w.name("throttle").value(true);
        }
        if (v.fault()) {
            w.name("fault").value(true);
        }
        if (v.httpStatus() > 0) {
            w.name("http").beginObject().name("response").beginObject().name("status").value(v.httpStatus());
            if (v.contentLength() >= 0) {
                w.name("content_length").value(v.contentLength());
            }
            w.endObject().endObject();
        }
        if (!v.aws().isEmpty()) {
            w.name("aws").beginObject();
            for (Map.Entry<String, Object> e : v.aws().entrySet()) {
                long m = w.mark();
                w.name(e.getKey());
                writeSimple(w, e.getValue());
                if (top && !fits(w, reserve)) {
                    w.rewind(m);
                    dropped(n, "aws field " + e.getKey());
                }
            }
            w.endObject();
        }
        if (v.causeRef() != null) {
            w.name("cause").value(v.causeRef());
        } else if (!v.exceptions().isEmpty()) {
            writeCause(n, top, w, v.exceptions(), reserve);
        }
        if (!v.annotations().isEmpty()) {
            long before = w.mark();
            w.name("annotations").beginObject();
            int written = 0;
            for (Map.Entry<String, Object> e : v.annotations().entrySet()) {
                long m = w.mark();
                w.name(e.getKey());
                writeSimple(w, e.getValue());
                if (top && !fits(w, reserve)) {
                    w.rewind(m);
                    dropped(n, "annotation " + e.getKey());
                } else {
                    written++;
                }
            }
            w.endObject();
            if (written == 0) {
                w.rewind(before);
            }
        }
        if (!v.metadata().isEmpty()) {
            long before = w.mark();
            w.name("metadata").beginObject();
            int written = 0;
            for (Map.Entry<String, Map<String, Object>> ns : v.metadata().entrySet()) {
                long nsMark = w.mark();
                w.name(ns.getKey()).beginObject();
                int inNs = 0;
                for (Map.Entry<String, Object> e : ns.getValue().entrySet()) {
                    long m = w.mark();
                    writeMetadataEntry(w, e.getKey(), e.getValue());
                    if (top && !fits(w, reserve)) {
                        w.rewind(m);
                        dropped(n, "metadata " + ns.getKey() + "/" + e.getKey());
                    } else {
                        inNs++;
                    }
                }
                w.endObject();
                if (inNs == 0) {
                    w.rewind(nsMark);
                } else {
                    written++;
                }
            }
            w.endObject();
            if (written == 0) {
                w.rewind(before);
            }
        }
        List<Subsegment> kids = n.snapshotChildren();
        if (!kids.isEmpty()) {
            long before = w.mark();
            w.name("subsegments").beginArray();
            int written = 0;
            for (Subsegment c : kids) {
                long m = w.mark();
                writeNode(c, false, w, detached, enclosing + 2);
                if (!fits(w, enclosing + 2)) {
                    w.rewind(m);
                    n.detach(c);
                    detached.add(c);
                } else {
                    written++;
                }
            }
            w.endArray();
            if (written == 0) {
                w.rewind(before);
            }
        }
        w.endObject();
    }

    private void dropped(Subsegment n, String what) {
        diagnostics.warnOnce("dropped-member", "subsegment '" + n.name + "' alone exceeds the " + budget
                + "-byte UDP limit, so some of its content was left out (first: " + what
                + "); record less metadata or fewer annotations in one subsegment");
    }

    private void writeCause(Subsegment n, boolean top, JsonWriter w, List<RecordedException> recorded, int reserve) {
        w.name("cause").beginObject();
        if (workingDirectory != null) {
            w.name("working_directory").value(workingDirectory);
        }
        w.name("exceptions").beginArray();
        for (RecordedException rec : recorded) {
            Throwable t = rec.throwable();
            StackTraceElement[] enclosing = null;
            for (int i = 0; i < rec.ids().length && t != null; i++) {
                StackTraceElement[] frames = t.getStackTrace();
                String causeId = i + 1 < rec.ids().length ? rec.ids()[i + 1] : null;
                int skipped = i + 1 == rec.ids().length ? rec.skipped() : 0;
                long m = w.mark();
                writeException(w, t, rec.ids()[i], rec.remote(), frames, enclosing, causeId, skipped, true);
                if (top && !fits(w, reserve)) {
                    w.rewind(m);
                    writeException(w, t, rec.ids()[i], rec.remote(), frames, enclosing, causeId, skipped, false);
                    dropped(n, "stack of " + t.getClass().getName());
                    if (!fits(w, reserve)) {
                        w.rewind(m);
                        break;
                    }
                }
                enclosing = frames;
                t = t.getCause() == t ? null : t.getCause();
            }
        }
        w.endArray();
        w.endObject();
    }

    private static void writeException(JsonWriter w, Throwable t, String id, boolean remote, StackTraceElement[] frames,
                                       StackTraceElement[] enclosing, String causeId, int skipped, boolean withStack) {
        w.beginObject();
        w.name("id").value(id);
        String message = safeMessage(t);
        if (message != null) {
            w.name("message");
            w.truncatedValue(message, MAX_MESSAGE_CHARS, TRUNCATION_MARKER);
        }
        w.name("type").value(t.getClass().getName());
        if (remote) {
            w.name("remote").value(true);
        }
        int own = frames.length;
        if (enclosing != null) {
            // like Throwable.printStackTrace's "... n more": frames shared with the enclosing exception are left out
            int a = frames.length - 1;
            int b = enclosing.length - 1;
            while (a >= 0 && b >= 0 && frames[a].equals(enclosing[b])) {
                a--;
                b--;
            }
            own = a + 1;
        }
        int shown = withStack ? Math.min(own, MAX_FRAMES) : 0;
        if (shown > 0) {
            w.name("stack").beginArray();
            for (int i = 0; i < shown; i++) {
                StackTraceElement f = frames[i];
                w.beginObject();
                if (f.getFileName() != null) {
                    w.name("path").value(f.getFileName());
                }
                if (f.getLineNumber() > 0) {
                    w.name("line").value(f.getLineNumber());
                }
                w.name("label").value(f.getClassName() + "." + f.getMethodName());
                w.endObject();
            }
            w.endArray();
        }
        if (frames.length > shown) {
            w.name("truncated").value(frames.length - shown);
        }
        if (skipped > 0) {
            w.name("skipped").value(skipped);
        }
        if (causeId != null) {
            w.name("cause").value(causeId);
        }
        w.endObject();
    }

    private static String safeMessage(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException e) {
            return "<getMessage() threw " + e.getClass().getName() + ">";
        }
    }

    /** Annotation and aws values: strings, numbers, booleans, and lists of strings. */
    private static void writeSimple(JsonWriter w, Object value) {
        if (value instanceof String s) {
            w.value(s);
        } else if (value instanceof Boolean b) {
            w.value(b.booleanValue());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            w.value(((Number) value).longValue());
        } else if (value instanceof Number num) {
            w.value(num.doubleValue());
        } else if (value instanceof Collection<?> c) {
            w.beginArray();
            for (Object o : c) {
                w.value(String.valueOf(o));
            }
            w.endArray();
        } else {
            w.value(String.valueOf(value));
        }
    }

    private void writeMetadataEntry(JsonWriter w, String key, Object value) {
        long m = w.mark();
        w.name(key);
        int start = w.size();
        try {
            writeMetadataValue(w, value);
        } catch (RuntimeException e) {
            // pojoValue has rolled back its partial output; the name is still open
            String type = value.getClass().getName();
            diagnostics.warnOnce("unserialisable:" + type, "metadata '" + key + "' of type " + type
                    + " cannot be serialised to JSON (" + e.getClass().getSimpleName()
                    + "), so a placeholder was recorded; make it a plain bean, map or list, or record less");
            w.value("<unserialisable " + type + ">");
            return;
        }
        int length = w.size() - start;
        if (length > maxMetadataValueBytes) {
            String text = value instanceof String s ? s : new String(w.buffer(), start, length, StandardCharsets.UTF_8);
            w.rewind(m);
            w.name(key);
            writeCut(w, text, maxMetadataValueBytes);
        }
    }

    private static void writeMetadataValue(JsonWriter w, Object value) {
        if (value == null) {
            w.nullValue();
        } else if (value instanceof String s) {
            w.value(s);
        } else if (value instanceof Boolean b) {
            w.value(b.booleanValue());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            w.value(((Number) value).longValue());
        } else if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            w.value(((Number) value).doubleValue());
        } else if (value instanceof BigDecimal || value instanceof BigInteger) {
            w.rawValue(value.toString());
        } else {
            w.pojoValue(value);
        }
    }

    /** Writes {@code text} as a string of at most about {@code maxBytes} encoded bytes, ending with the marker. */
    private static void writeCut(JsonWriter w, String text, int maxBytes) {
        int maxChars = Math.min(text.length(), maxBytes);
        for (int attempt = 0; attempt < 6; attempt++) {
            long m = w.mark();
            int start = w.size();
            w.truncatedValue(text, maxChars, TRUNCATION_MARKER);
            int written = w.size() - start;
            if (written <= maxBytes + TRUNCATION_MARKER.length() + 2 || maxChars == 0) {
                return;
            }
            w.rewind(m);
            maxChars = (int) ((long) maxChars * maxBytes / written * 9 / 10);
        }
        w.truncatedValue(text, 0, TRUNCATION_MARKER);
    }
}
