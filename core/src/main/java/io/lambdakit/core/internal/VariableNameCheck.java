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
 * <p>Cost: one hash lookup per variable; for a name that is not ours, a count of shared letters and three small
 * tables against the prefixes of the user-set names ({@link #FAMILIES}) rule out most names, and the others get an edit distance against the
 * user-set names of a similar length only, over the diagonal band of the table and cut short; plain loops, no
 * regex, streams or lambdas, as it runs on the init path.
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
    /** The prefixes of the names users set (the last one: the Parameters and Secrets extension's own variable). */
    static final String[] FAMILIES = {POWERTOOLS_PREFIX, LAMBDAKIT_PREFIX, "PARAMETERS_"};
    /** Letters, digits, {@code _} and one class for every other character. */
    static final int CHAR_CLASSES = 38;

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
        int[][] rows = new int[3][KnownVariables.longestUserSet() + MAX_DISTANCE_PREFIXED + 1]; // a close name is at most that long
        // Every name users set starts with one of FAMILIES, and a name within maxDistance edits of one must begin
        // within maxDistance edits of its family's prefix: three small tables rule out most names (AWS_*, PATH, ...)
        // before any candidate is compared.
        boolean[] closeToFamily = new boolean[FAMILIES.length];
        int[] counts = new int[CHAR_CLASSES];
        boolean any = false;
        for (int f = 0; f < FAMILIES.length; f++) {
            String prefix = FAMILIES[f];
            closeToFamily[f] = sharesEnoughLetters(prefix, name, maxDistance, counts)
                    && distance(prefix, name, Math.min(name.length(), prefix.length() + maxDistance), maxDistance, rows, true) <= maxDistance;
            any |= closeToFamily[f];
        }
        if (!any) {
            return null;
        }
        String best = null;
        int bestDistance = maxDistance + 1;
        for (int i = 0, n = KnownVariables.userSetCount(); i < n; i++) {
            String candidate = KnownVariables.userSet(i);
            if (Math.abs(candidate.length() - name.length()) >= bestDistance || !closeToFamily[family(candidate)]) {
                continue;
            }
            int d = distance(candidate, name, name.length(), bestDistance - 1, rows, false);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * A necessary condition for {@code name} to begin within {@code max} edits of {@code prefix}, counted in one pass:
     * such a beginning is at most {@code max} characters longer than the prefix, and every edit but a swap costs the
     * prefix at most one of its letters, so the first {@code prefix.length() + max} characters of {@code name} must
     * hold at least {@code prefix.length() - max} of the prefix's letters (as a multiset, case ignored).
     *
     * @param counts scratch of {@link #CHAR_CLASSES} cells, any content
     */
    static boolean sharesEnoughLetters(String prefix, String name, int max, int[] counts) {
        int lp = prefix.length();
        int window = Math.min(name.length(), lp + max);
        if (window < lp - max) {
            return false;
        }
        for (int c = 0; c < CHAR_CLASSES; c++) {
            counts[c] = 0;
        }
        for (int i = 0; i < lp; i++) {
            counts[charClass(prefix.charAt(i))]++;
        }
        int shared = 0;
        for (int j = 0; j < window; j++) {
            int c = charClass(name.charAt(j));
            if (c < CHAR_CLASSES - 1 && counts[c] > 0) {
                counts[c]--;
                shared++;
            }
        }
        return shared >= lp - max;
    }

    /** @return 0-25 for a letter (any case), 26-35 for a digit, 36 for {@code _}, 37 for anything else */
    private static int charClass(char c) {
        char u = upper(c);
        if (u >= 'A' && u <= 'Z') {
            return u - 'A';
        }
        if (u >= '0' && u <= '9') {
            return 26 + (u - '0');
        }
        return u == '_' ? 36 : CHAR_CLASSES - 1;
    }

    /** @return the index in {@link #FAMILIES} of the prefix {@code userSet} starts with */
    static int family(String userSet) {
        for (int f = 0; f < FAMILIES.length; f++) {
            if (userSet.startsWith(FAMILIES[f])) {
                return f;
            }
        }
        throw new IllegalStateException(userSet + " starts with none of the families the check knows: add its prefix to FAMILIES");
    }

    /**
     * The optimal-string-alignment distance (insertions, deletions, substitutions and swaps of adjacent
     * letters, each one edit), ignoring ASCII case, computed only up to {@code max}.
     *
     * @return the distance, or {@code max + 1} when it is larger than {@code max}
     */
    static int distance(String a, String b, int max) {
        return distance(a, b, b.length(), max, new int[3][b.length() + 1], false);
    }

    /**
     * {@link #distance(String, String, int)} between {@code a} and the first {@code lb} characters of {@code b}, over
     * three rows of at least {@code lb + 1} cells, reused between calls: only the diagonal band of {@code max} cells
     * either side is computed (a path leaving it costs more than {@code max}), and a row whose every cell exceeds
     * {@code max} ends the computation. With {@code prefix}, the distance between {@code a} and the closest prefix of
     * {@code b} (the rest of {@code b} is free).
     */
    static int distance(String a, String b, int lb, int max, int[][] rows, boolean prefix) {
        int la = a.length();
        int over = max + 1;
        if (max < 0 || (!prefix && Math.abs(la - lb) > max)) {
            return over;
        }
        int[] previous2 = rows[0];
        int[] previous = rows[1];
        int[] current = rows[2];
        for (int j = 0; j <= lb; j++) {
            previous[j] = j <= max ? j : over;
        }
        for (int i = 1; i <= la; i++) {
            int lo = Math.max(1, i - max);
            int hi = Math.min(lb, i + max);
            current[0] = i <= max ? i : over;
            current[lo - 1] = lo == 1 ? current[0] : over;
            int rowMin = lo == 1 ? current[0] : over;
            char ca = upper(a.charAt(i - 1));
            for (int j = lo; j <= hi; j++) {
                char cb = upper(b.charAt(j - 1));
                int d = Math.min(Math.min(previous[j], current[j - 1]) + 1, previous[j - 1] + (ca == cb ? 0 : 1));
                if (i > 1 && j > 1 && ca == upper(b.charAt(j - 2)) && upper(a.charAt(i - 2)) == cb && previous2[j - 2] + 1 < d) {
                    d = previous2[j - 2] + 1;
                }
                if (d > over) {
                    d = over;
                }
                current[j] = d;
                if (d < rowMin) {
                    rowMin = d;
                }
            }
            if (hi < lb) {
                current[hi + 1] = over; // the next row reads one cell past this band
            }
            if (rowMin > max) {
                return over;
            }
            int[] recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }
        if (!prefix) {
            return previous[lb] <= max ? previous[lb] : over;
        }
        int best = over;
        for (int j = Math.max(0, la - max), end = Math.min(lb, la + max); j <= end; j++) {
            best = Math.min(best, previous[j]);
        }
        return best;
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
