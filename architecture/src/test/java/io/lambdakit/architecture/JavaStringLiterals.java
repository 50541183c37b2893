package io.lambdakit.architecture;

import java.util.ArrayList;
import java.util.List;

/**
 * The string literals (and text blocks) of a Java source file, with their line numbers; comments and
 * character literals are skipped. Enough of Java's lexical grammar to tell a literal from a comment
 * that mentions one, which a regular expression over the text cannot.
 */
final class JavaStringLiterals {

    /** One literal: its value with escapes left as written, and the line it starts on. */
    record Literal(String value, int line) { }

    private JavaStringLiterals() {
    }

    static List<Literal> of(String source) {
        List<Literal> literals = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(source, i, end);
                i = end;
            } else if (c == '\'') {
                i = skipQuoted(source, i, '\'');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && escaped(source, end)) {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? n : end;
                literals.add(new Literal(source.substring(i + 3, end), line));
                line += count(source, i, end);
                i = Math.min(n, end + 3);
            } else if (c == '"') {
                int end = skipQuoted(source, i, '"');
                literals.add(new Literal(source.substring(i + 1, Math.max(i + 1, end - 1)), line));
                i = end;
            } else {
                i++;
            }
        }
        return literals;
    }

    /** The index after the closing {@code quote} of the literal opened at {@code start} (or the line's end). */
    private static int skipQuoted(String source, int start, char quote) {
        int i = start + 1;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else if (c == '\n') {
                return i;
            } else {
                i++;
            }
        }
        return i;
    }

    /** Whether the character at {@code index} is preceded by an odd number of backslashes. */
    private static boolean escaped(String source, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && source.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static int count(String source, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (source.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
