package io.lambdakit.core.spi;

import io.lambdakit.core.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small streaming JSON writer that encodes straight to UTF-8 in a reusable buffer: no
 * intermediate strings, no allocation once the buffer has grown. Commas are placed automatically.
 * Strings are always escaped correctly (quotes, backslashes, control characters, U+2028/U+2029);
 * characters outside the BMP are encoded as 4-byte UTF-8, and an unpaired surrogate becomes
 * U+FFFD so that every output is valid UTF-8 and valid JSON.
 *
 * <p>Not thread-safe: keep one per thread (e.g. in a {@code ThreadLocal}) and {@link #reset()} it
 * between documents. Write a finished line with {@link #writeLineTo(PrintStream)}: one
 * {@code write} call, so concurrent lines never interleave.
 */
public final class JsonWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final int MAX_DEPTH = 256;

    private byte[] buf;
    private int len;
    private boolean[] needsComma = new boolean[16];
    private int depth;
    private boolean afterName;

    private JsonWriter(int capacity) {
        this.buf = new byte[Math.max(64, capacity)];
    }

    /** @return a writer with a 1 KiB initial buffer */
    public static JsonWriter create() {
        return new JsonWriter(1024);
    }

    /**
     * @param initialCapacity initial buffer size in bytes
     * @return a writer
     */
    public static JsonWriter create(int initialCapacity) {
        return new JsonWriter(initialCapacity);
    }

    /**
     * Empties the writer, keeping its buffer.
     *
     * @return this writer
     */
    public JsonWriter reset() {
        len = 0;
        depth = 0;
        afterName = false;
        needsComma[0] = false;
        return this;
    }

    /** @return this writer, after writing an opening brace */
    public JsonWriter beginObject() {
        beforeValue();
        push();
        append((byte) '{');
        return this;
    }

    /** @return this writer, after writing a closing brace */
    public JsonWriter endObject() {
        pop();
        append((byte) '}');
        return this;
    }

    /** @return this writer, after writing {@code [} */
    public JsonWriter beginArray() {
        beforeValue();
        push();
        append((byte) '[');
        return this;
    }

    /** @return this writer, after writing {@code ]} */
    public JsonWriter endArray() {
        pop();
        append((byte) ']');
        return this;
    }

    /**
     * @param name a member name
     * @return this writer, after writing {@code "name":}
     */
    public JsonWriter name(String name) {
        if (afterName) {
            throw new IllegalStateException("name '" + name + "' written where a value was expected");
        }
        comma();
        writeString(name);
        append((byte) ':');
        afterName = true;
        return this;
    }

    /**
     * Writes a member name encoded once by {@link Name#of(String)}: the same output as
     * {@link #name(String)} without escaping it again on every line.
     *
     * @param name a pre-encoded member name
     * @return this writer, after writing {@code "name":}
     */
    public JsonWriter name(Name name) {
        if (afterName) {
            throw new IllegalStateException("name '" + name + "' written where a value was expected");
        }
        comma();
        append(name.encoded);
        afterName = true;
        return this;
    }

    /**
     * Writes members encoded once by {@link Members#of(java.util.function.Consumer)} into the
     * object being written, with the commas around them, as if each had been written here.
     *
     * @param members pre-encoded members; writing an empty set writes nothing
     * @return this writer
     * @throws IllegalStateException outside an object, or where a value is expected
     */
    public JsonWriter members(Members members) {
        if (afterName || depth == 0) {
            throw new IllegalStateException("members can only be written inside an object, where a name is expected");
        }
        if (members.encoded.length > 0) {
            comma();
            append(members.encoded);
        }
        return this;
    }

    /**
     * @param value a string, or null for JSON null
     * @return this writer
     */
    public JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            append(NULL);
        } else {
            writeString(value);
        }
        return this;
    }

    /**
     * Writes a string value cut to at most {@code maxChars} characters (never splitting a surrogate
     * pair), followed by {@code marker} when it was cut.
     *
     * @param value    a string, or null
     * @param maxChars the maximum number of characters kept
     * @param marker   appended inside the string when cut, e.g. {@code "...[truncated]"}
     * @return true when the value was cut
     */
    public boolean truncatedValue(CharSequence value, int maxChars, String marker) {
        beforeValue();
        if (value == null) {
            append(NULL);
            return false;
        }
        int n = value.length();
        boolean cut = n > maxChars;
        int end = cut ? maxChars : n;
        if (cut && end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        append((byte) '"');
        escape(value, 0, end);
        if (cut) {
            escape(marker, 0, marker.length());
        }
        append((byte) '"');
        return cut;
    }

    /**
     * @param value a number
     * @return this writer
     */
    public JsonWriter value(long value) {
        beforeValue();
        writeLong(value);
        return this;
    }

    /**
     * @param value a finite number
     * @return this writer
     * @throws IllegalArgumentException for NaN and infinities, which JSON cannot represent
     */
    public JsonWriter value(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON cannot represent " + value);
        }
        beforeValue();
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            writeLong((long) value); // whole numbers without ".0"; -0.0 is written as 0
        } else {
            appendAscii(Double.toString(value));
        }
        return this;
    }

    /**
     * @param value a boolean
     * @return this writer
     */
    public JsonWriter value(boolean value) {
        beforeValue();
        append(value ? TRUE : FALSE);
        return this;
    }

    /** @return this writer, after writing {@code null} */
    public JsonWriter nullValue() {
        beforeValue();
        append(NULL);
        return this;
    }

    /**
     * Writes an already-serialised JSON value as it is. The caller vouches that it is valid JSON.
     *
     * @param json a complete JSON value
     * @return this writer
     */
    public JsonWriter rawValue(CharSequence json) {
        beforeValue();
        appendUtf8Raw(json);
        return this;
    }

    /**
     * Serialises any object with the shared {@link Json#mapper()}. On failure nothing is written.
     *
     * @param value an object Jackson can serialise
     * @return this writer
     * @throws IllegalArgumentException naming the type when Jackson cannot serialise it
     */
    public JsonWriter pojoValue(Object value) {
        int mark = len;
        boolean markAfterName = afterName;
        boolean markComma = needsComma[depth];
        beforeValue();
        try {
            Json.mapper().writeValue(new Sink(), value);
            replaceLoneSurrogateEscapes(mark);
        } catch (IOException | RuntimeException e) {
            len = mark;
            afterName = markAfterName;
            needsComma[depth] = markComma;
            throw new IllegalArgumentException("cannot serialise a " + value.getClass().getName() + " to JSON: " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Jackson escapes a lone surrogate of a string as {@code \\uD800}: valid JSON syntax, but no valid
     * Unicode, and strict readers (X-Ray, schema validators) reject it. Rewrites each such escape in
     * place as {@code \\uFFFD} (the same six bytes), as {@link #value(String)} does with raw lone
     * surrogates; escaped pairs stay.
     */
    private void replaceLoneSurrogateEscapes(int from) {
        int i = from;
        int pendingHigh = -1; // offset of an escaped high surrogate not yet followed by its low half
        while (i < len) {
            if (buf[i] != '\\') {
                if (pendingHigh >= 0) {
                    replacement(pendingHigh);
                    pendingHigh = -1;
                }
                i++;
                continue;
            }
            int unit = i + 5 < len && buf[i + 1] == 'u' ? hex4(i + 2) : -1;
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                if (pendingHigh >= 0) {
                    replacement(pendingHigh);
                }
                pendingHigh = i;
            } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                if (pendingHigh < 0) {
                    replacement(i);
                }
                pendingHigh = -1;
            } else if (pendingHigh >= 0) {
                replacement(pendingHigh);
                pendingHigh = -1;
            }
            i += unit >= 0 ? 6 : 2; // an escape is a backslash and one character, or \\u and four hex digits
        }
        if (pendingHigh >= 0) {
            replacement(pendingHigh);
        }
    }

    private int hex4(int at) {
        int v = 0;
        for (int k = at; k < at + 4; k++) {
            int d = Character.digit(buf[k], 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private void replacement(int at) {
        buf[at + 2] = 'f';
        buf[at + 3] = 'f';
        buf[at + 4] = 'f';
        buf[at + 5] = 'd';
    }

    /**
     * Appends a newline outside any value (for JSON Lines).
     *
     * @return this writer
     */
    public JsonWriter newline() {
        append((byte) '\n');
        return this;
    }

    /** @return the number of bytes written */
    public int size() {
        return len;
    }

    /** @return true when nothing is open: every object and array has been closed */
    public boolean isComplete() {
        return depth == 0;
    }

    /**
     * Cuts the output back to {@code size} bytes without touching the nesting state. Only valid
     * for whole documents at the top level (e.g. dropping a finished line); inside a document use
     * {@link #mark()} and {@link #rewind(long)}.
     *
     * @param size a size previously returned by {@link #size()}
     */
    public void truncate(int size) {
        if (size < 0 || size > len) {
            throw new IllegalArgumentException("size " + size + " outside 0.." + len);
        }
        len = size;
    }

    /**
     * Remembers the current position and nesting state, so that content written after it can be
     * dropped with {@link #rewind(long)} (e.g. a member that turned out too large).
     *
     * @return an opaque mark
     */
    public long mark() {
        return ((long) len << 24) | ((long) depth << 2) | (afterName ? 2L : 0L) | (needsComma[depth] ? 1L : 0L);
    }

    /**
     * Drops everything written since {@code mark} was taken, at the same nesting level.
     *
     * @param mark a value returned by {@link #mark()} on this writer since the last reset
     * @throws IllegalStateException when the nesting level differs from the mark's
     */
    public void rewind(long mark) {
        int markLen = (int) (mark >>> 24);
        int markDepth = (int) ((mark >>> 2) & 0x3FFFFF);
        if (markDepth != depth || markLen > len) {
            throw new IllegalStateException("rewind to a mark taken at another nesting level or after a reset");
        }
        len = markLen;
        afterName = (mark & 2L) != 0;
        needsComma[depth] = (mark & 1L) != 0;
    }

    /** @return the internal buffer; valid bytes are {@code [0, size())} */
    public byte[] buffer() {
        return buf;
    }

    /** @return a copy of the bytes written */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /**
     * @param out where to write the bytes, in one call
     * @throws IOException from {@code out}
     */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    /**
     * Writes the bytes followed by a newline to {@code out} in one {@code write} call, which
     * {@link PrintStream} performs under its lock: concurrent lines never interleave.
     *
     * @param out e.g. {@code System.out}
     */
    public void writeLineTo(PrintStream out) {
        append((byte) '\n');
        out.write(buf, 0, len);
        out.flush();
        len--;
    }

    /** @return the output decoded as a string (allocates; for tests and diagnostics) */
    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * A member name encoded once ({@code "name":} in UTF-8), for names written on every line of hot
     * output. Immutable and thread-safe: keep them in constants.
     */
    public static final class Name {
        private final String name;
        private final byte[] encoded;

        private Name(String name, byte[] encoded) {
            this.name = name;
            this.encoded = encoded;
        }

        /**
         * @param name a member name (escaped here, once)
         * @return the encoded name
         */
        public static Name of(String name) {
            JsonWriter w = new JsonWriter(64);
            w.writeString(java.util.Objects.requireNonNull(name, "name"));
            w.append((byte) ':');
            return new Name(name, Arrays.copyOf(w.buf, w.len));
        }

        /** @return the name as given */
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Object members encoded once and written many times with {@link #members(Members)}, such as the
     * context keys that are the same on every log line of one invocation. Immutable and thread-safe.
     */
    public static final class Members {
        private static final Members NONE = new Members(new byte[0]);
        private final byte[] encoded;

        private Members(byte[] encoded) {
            this.encoded = encoded;
        }

        /**
         * @param body writes name/value pairs, as inside an object
         * @return the encoded members
         * @throws IllegalStateException when {@code body} leaves an object or array open, or a name without its value
         */
        public static Members of(java.util.function.Consumer<JsonWriter> body) {
            JsonWriter w = new JsonWriter(256);
            w.beginObject();
            body.accept(w);
            w.endObject();
            if (w.depth != 0) {
                throw new IllegalStateException("members must be name/value pairs; something was left open");
            }
            return w.len == 2 ? NONE : new Members(Arrays.copyOfRange(w.buf, 1, w.len - 1));
        }

        /** @return true when there are no members */
        public boolean isEmpty() {
            return encoded.length == 0;
        }

        /** @return the members as JSON text, without the braces */
        @Override
        public String toString() {
            return new String(encoded, StandardCharsets.UTF_8);
        }
    }

    // ---- internals ----

    private void push() {
        if (depth + 1 >= MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        depth++;
        if (depth >= needsComma.length) {
            needsComma = Arrays.copyOf(needsComma, needsComma.length * 2);
        }
        needsComma[depth] = false;
    }

    private void pop() {
        if (depth == 0) {
            throw new IllegalStateException("nothing to close");
        }
        if (afterName) {
            throw new IllegalStateException("a name was written without a value");
        }
        depth--;
    }

    private void comma() {
        if (depth > 0) {
            if (needsComma[depth]) {
                append((byte) ',');
            } else {
                needsComma[depth] = true;
            }
        }
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
        } else {
            comma();
        }
    }

    private void writeString(CharSequence s) {
        append((byte) '"');
        escape(s, 0, s.length());
        append((byte) '"');
    }

    private void escape(CharSequence s, int from, int to) {
        ensure((to - from) * 3 + 2);
        byte[] b = buf;
        int p = len;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[p++] = (byte) c;
                    continue;
                }
                len = p;
                ensure((to - i) * 6 + 2);
                b = buf;
                b[p++] = '\\';
                switch (c) {
                    case '"' -> b[p++] = '"';
                    case '\\' -> b[p++] = '\\';
                    case '\n' -> b[p++] = 'n';
                    case '\r' -> b[p++] = 'r';
                    case '\t' -> b[p++] = 't';
                    case '\b' -> b[p++] = 'b';
                    case '\f' -> b[p++] = 'f';
                    default -> {
                        b[p++] = 'u';
                        b[p++] = '0';
                        b[p++] = '0';
                        b[p++] = HEX[c >> 4];
                        b[p++] = HEX[c & 0xF];
                    }
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (c == '\u2028' || c == '\u2029') {
                len = p;
                ensure((to - i) * 6 + 2);
                b = buf;
                b[p++] = '\\';
                b[p++] = 'u';
                b[p++] = '2';
                b[p++] = '0';
                b[p++] = '2';
                b[p++] = c == '\u2028' ? (byte) '8' : (byte) '9';
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                char e = Character.isSurrogate(c) ? '\uFFFD' : c;
                b[p++] = (byte) (0xE0 | (e >> 12));
                b[p++] = (byte) (0x80 | ((e >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (e & 0x3F));
            }
        }
        len = p;
    }

    private void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            appendAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void appendAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void appendUtf8Raw(CharSequence s) {
        byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void append(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    /** Lets Jackson write into this writer's buffer. */
    private final class Sink extends OutputStream {
        @Override
        public void write(int b) {
            append((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }
    }
}
