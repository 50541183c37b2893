package io.lambdakit.logging.internal;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * SLF4J's {@code {}} placeholder substitution (the same rules as
 * {@code org.slf4j.helpers.MessageFormatter}: {@code \{}} is a literal, {@code \\{}} a backslash
 * followed by an argument, arrays rendered as {@code [a, b]}, a failing {@code toString()} as
 * {@code [FAILED toString()]}), but appending into a caller-owned builder so the hot path does not
 * allocate intermediate strings.
 */
final class MessageFormat {

    private MessageFormat() {
    }

    /**
     * @param out      where the message goes
     * @param pattern  the message pattern, may be null
     * @param args     the arguments
     * @param argCount how many of {@code args} to use
     */
    public static void format(StringBuilder out, String pattern, Object[] args, int argCount) {
        if (pattern == null) {
            out.append("null");
            return;
        }
        int i = 0;
        int len = pattern.length();
        for (int a = 0; a < argCount; a++) {
            int j = pattern.indexOf("{}", i);
            if (j == -1) {
                break;
            }
            if (j > 0 && pattern.charAt(j - 1) == '\\') {
                if (j >= 2 && pattern.charAt(j - 2) == '\\') {
                    out.append(pattern, i, j - 1);
                    appendArgument(out, args[a], null);
                    i = j + 2;
                } else {
                    a--; // the delimiter was escaped: this argument is still unused
                    out.append(pattern, i, j - 1).append('{');
                    i = j + 1;
                }
            } else {
                out.append(pattern, i, j);
                appendArgument(out, args[a], null);
                i = j + 2;
            }
        }
        out.append(pattern, i, len);
    }

    /**
     * @param pattern a message pattern
     * @return true when it holds a placeholder
     */
    public static boolean hasPlaceholder(String pattern) {
        return pattern != null && pattern.contains("{}");
    }

    private static void appendArgument(StringBuilder out, Object o, Map<Object[], Boolean> seen) {
        if (o == null) {
            out.append("null");
        } else if (!o.getClass().isArray()) {
            try {
                out.append(o.toString());
            } catch (RuntimeException | Error e) {
                out.append("[FAILED toString()]");
            }
        } else if (o instanceof Object[] array) {
            Map<Object[], Boolean> s = seen == null ? new IdentityHashMap<>() : seen;
            out.append('[');
            if (s.containsKey(array)) {
                out.append("...");
            } else {
                s.put(array, Boolean.TRUE);
                for (int i = 0; i < array.length; i++) {
                    appendArgument(out, array[i], s);
                    if (i != array.length - 1) {
                        out.append(", ");
                    }
                }
                s.remove(array);
            }
            out.append(']');
        } else {
            out.append(primitiveArray(o));
        }
    }

    private static String primitiveArray(Object o) {
        if (o instanceof boolean[] a) {
            return Arrays.toString(a);
        } else if (o instanceof byte[] a) {
            return Arrays.toString(a);
        } else if (o instanceof char[] a) {
            return Arrays.toString(a);
        } else if (o instanceof short[] a) {
            return Arrays.toString(a);
        } else if (o instanceof int[] a) {
            return Arrays.toString(a);
        } else if (o instanceof long[] a) {
            return Arrays.toString(a);
        } else if (o instanceof float[] a) {
            return Arrays.toString(a);
        } else {
            return Arrays.toString((double[]) o);
        }
    }
}
