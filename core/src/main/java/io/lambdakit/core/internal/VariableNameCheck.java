package io.lambdakit.core.internal;

import io.lambdakit.core.Environment;
import io.lambdakit.core.spi.LineHead;

import java.io.PrintStream;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The misspelt-variable check: once per process, at the first configuration resolution
 * ({@code ExecutionEnvironment.current()}), compares the names of the environment's variables that look
 * like lambdakit's with {@link KnownVariables} and reports each unknown one once, as a WARN line on standard
 * error in the shape of core's diagnostics ({@link LineHead}, logger {@value #LOGGER}):
 * {@code POWERTOOLS_METRIC_NAMESPACE is not a variable lambdakit reads; did you mean
 * POWERTOOLS_METRICS_NAMESPACE?}, or {@code ... is not read by lambdakit} when no known name is close. (It
 * writes the line itself, as {@link WeavingCheck} does, rather than through {@code core.spi.Diagnostics}:
 * that reporter depends on {@code ExecutionEnvironment}, which runs this check, and types of different
 * packages may not depend on each other in a loop. Running once per process, it reports each name once.)
 *
 * <p>A name looks like lambdakit's when it starts with {@code POWERTOOLS_} or {@code LAMBDAKIT_} (in any
 * case), or when it is within {@value #MAX_DISTANCE_UNPREFIXED} edits (a letter added, dropped, changed, or
 * two swapped; case ignored) of a variable users set ({@code POWERTOOL_SERVICE_NAME}); a prefixed name gets
 * a suggestion within {@value #MAX_DISTANCE_PREFIXED} edits. The variables Lambda sets ({@code AWS_*},
 * {@code _HANDLER}, ...) are never reported and never suggested: Lambda sets many lambdakit does not read,
 * and users do not type them. Values are never read or written (they may be secrets).
 *
 * <p>Cost: one hash lookup per variable, and an edit distance, bounded and cut short, only against names of
 * a similar length; plain loops, no regex, streams or lambdas, as it runs on the init path.
 */
public final class VariableNameCheck {

    /** Edits within which a name without our prefixes is taken for a misspelling of a variable users set. */
    static final int MAX_DISTANCE_UNPREFIXED = 2;
    /** Edits within which a {@code POWERTOOLS_}/{@code LAMBDAKIT_} name gets a suggestion. */
    static final int MAX_DISTANCE_PREFIXED = 3;

    /** The {@code logger} key of the lines, core's diagnostics logger. */
    static final String LOGGER = "io.lambdakit.core";

    private static final String POWERTOOLS_PREFIX = "POWERTOOLS_";
    private static final String LAMBDAKIT_PREFIX = "LAMBDAKIT_";

    private VariableNameCheck() {
    }

    /**
     * Runs the check on the process's environment, writing to the {@code System.err} of the moment; called once
     * per process, by {@code ExecutionEnvironment.current()}.
     *
     * @param environment the process environment (names only are read)
     * @param clock       for the lines' timestamp
     * @return how many names were reported
     */
    public static int report(Environment environment, Clock clock) {
        return report(environment, clock, StdErr.INSTANCE);
    }

    /**
     * Writes one line for each variable of {@code environment} that looks like lambdakit's but is not one it
     * reads (each name once: the environment's names are unique).
     *
     * @param environment the environment (names only are read)
     * @param clock       for the lines' timestamp
     * @param sink        receives each line, without a newline
     * @return how many names were reported
     */
    static int report(Environment environment, Clock clock, Consumer<String> sink) {
        int reported = 0;
        for (String name : environment.asMap().keySet()) {
            if (KnownVariables.contains(name)) {
                continue;
            }
            boolean prefixed = name.regionMatches(true, 0, POWERTOOLS_PREFIX, 0, POWERTOOLS_PREFIX.length())
                    || name.regionMatches(true, 0, LAMBDAKIT_PREFIX, 0, LAMBDAKIT_PREFIX.length());
            String near = nearest(name, prefixed ? MAX_DISTANCE_PREFIXED : MAX_DISTANCE_UNPREFIXED);
            if (!prefixed && near == null) {
                continue;
            }
            reported++;
            sink.accept(LineHead.line(clock.millis(), "WARN", message(name, near), LOGGER, environment.serviceName()));
        }
        return reported;
    }

    /** The warning about {@code name}, with the suggestion {@code near} (null: none). */
    static String message(String name, String near) {
        StringBuilder m = new StringBuilder(160).append(name);
        if (near != null) {
            return m.append(" is not a variable lambdakit reads; did you mean ").append(near).append("? Rename it").toString();
        }
        return m.append(" is not read by lambdakit; docs/configuration.md lists the variables it reads. Remove or rename it").toString();
    }

    /**
     * @param name        an unknown name
     * @param maxDistance the largest distance that counts as close
     * @return the closest variable users set within {@code maxDistance} edits (the first listed on a tie), or null
     */
    static String nearest(String name, int maxDistance) {
        String best = null;
        int bestDistance = maxDistance + 1;
        for (int i = 0, n = KnownVariables.userSetCount(); i < n; i++) {
            String candidate = KnownVariables.userSet(i);
            int d = distance(name, candidate, bestDistance - 1);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * The optimal-string-alignment distance (insertions, deletions, substitutions and swaps of adjacent
     * letters, each one edit), ignoring ASCII case, computed only up to {@code max}.
     *
     * @return the distance, or {@code max + 1} when it is larger than {@code max}
     */
    static int distance(String a, String b, int max) {
        int la = a.length();
        int lb = b.length();
        if (max < 0 || Math.abs(la - lb) > max) {
            return max + 1;
        }
        int[] previous2 = new int[lb + 1];
        int[] previous = new int[lb + 1];
        int[] current = new int[lb + 1];
        for (int j = 0; j <= lb; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= la; i++) {
            current[0] = i;
            int rowMin = i;
            char ca = upper(a.charAt(i - 1));
            for (int j = 1; j <= lb; j++) {
                char cb = upper(b.charAt(j - 1));
                int cost = ca == cb ? 0 : 1;
                int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && ca == upper(b.charAt(j - 2)) && upper(a.charAt(i - 2)) == cb) {
                    d = Math.min(d, previous2[j - 2] + 1);
                }
                current[j] = d;
                if (d < rowMin) {
                    rowMin = d;
                }
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }
        return previous[lb] <= max ? previous[lb] : max + 1;
    }

    /** Prints each line to the {@code System.err} of the moment it writes (a class, not a lambda: init path). */
    private enum StdErr implements Consumer<String> {
        INSTANCE;

        @Override
        public void accept(String line) {
            PrintStream err = System.err;
            err.println(line);
        }
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }
}
