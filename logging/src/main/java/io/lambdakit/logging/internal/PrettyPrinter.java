package io.lambdakit.logging.internal;

import java.io.ByteArrayOutputStream;

/**
 * Re-indents one compact JSON line for dev mode ({@code POWERTOOLS_DEV=true}), four spaces per
 * level as Powertools does. Works on the UTF-8 bytes, aware of strings and escapes, so it never
 * changes a value.
 */
final class PrettyPrinter {

    private static final int INDENT = 4;

    private PrettyPrinter() {
    }

    /**
     * @param json   compact JSON bytes
     * @param offset start
     * @param length length, excluding any trailing newline
     * @return the indented document followed by a newline
     */
    public static byte[] pretty(byte[] json, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length * 2);
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = json[i];
            if (inString) {
                out.write(b);
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            switch (b) {
                case '"' -> {
                    inString = true;
                    out.write(b);
                }
                case '{', '[' -> {
                    out.write(b);
                    byte close = b == '{' ? (byte) '}' : (byte) ']';
                    if (i + 1 < end && json[i + 1] == close) {
                        out.write(close);
                        i++;
                    } else {
                        depth++;
                        newline(out, depth);
                    }
                }
                case '}', ']' -> {
                    depth--;
                    newline(out, depth);
                    out.write(b);
                }
                case ',' -> {
                    out.write(b);
                    newline(out, depth);
                }
                case ':' -> {
                    out.write(b);
                    out.write(' ');
                }
                default -> out.write(b);
            }
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void newline(ByteArrayOutputStream out, int depth) {
        out.write('\n');
        for (int i = 0; i < depth * INDENT; i++) {
            out.write(' ');
        }
    }
}
