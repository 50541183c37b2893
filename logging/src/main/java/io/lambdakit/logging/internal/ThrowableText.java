package io.lambdakit.logging.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Renders a logged {@code Throwable} for the {@code error} key without trusting it: its
 * {@code getMessage()}, {@code toString()}, {@code getStackTrace()} and {@code getCause()} are user
 * code and may throw (anything, Errors included) or never end. What cannot be rendered becomes a
 * placeholder such as {@code <getMessage() threw java.lang.IllegalStateException>}, the way tracing
 * renders it, and the line is still written.
 *
 * <p>The stack has exactly the text {@link Throwable#printStackTrace()} writes (suppressed
 * exceptions, {@code Caused by:}, {@code ... n more}, {@code [CIRCULAR REFERENCE: ...]}), with
 * {@code \n} line ends and no final newline, except that it stops after {@value #MAX_THROWABLES}
 * throwables (a {@code getCause()} that makes a new exception each time would otherwise never end)
 * and stops growing once it is longer than the line can keep.
 */
final class ThrowableText {

    /** How many throwables (the logged one, its causes and suppressed ones) one stack shows. */
    static final int MAX_THROWABLES = 32;

    private static final StackTraceElement[] NO_FRAMES = new StackTraceElement[0];
    private static final String CAUSE = "Caused by: ";
    private static final String SUPPRESSED = "Suppressed: ";

    private final StringBuilder sb;
    private final int maxChars;
    private final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean cut;

    private ThrowableText(int maxChars) {
        this.maxChars = maxChars;
        this.sb = new StringBuilder(Math.min(maxChars + 16, 4096));
    }

    /**
     * @param t a throwable
     * @return its {@code getMessage()}, or a placeholder naming what that threw
     */
    static String message(Throwable t) {
        try {
            return t.getMessage();
        } catch (Throwable failure) {
            return threw("getMessage()", failure);
        }
    }

    /**
     * @param t a throwable
     * @return its {@code toString()}; when that throws, its class name and (safe) message
     */
    static String header(Throwable t) {
        try {
            return String.valueOf(t.toString());
        } catch (Throwable failure) {
            String name = t.getClass().getName();
            String message = message(t);
            return message == null ? name : name + ": " + message;
        }
    }

    /**
     * @param t        a throwable
     * @param maxChars the length the caller keeps; the text may stop growing after it
     * @return the stack as {@code printStackTrace} writes it
     */
    static String stack(Throwable t, int maxChars) {
        ThrowableText r = new ThrowableText(maxChars);
        r.seen.add(t);
        r.sb.append(header(t));
        StackTraceElement[] trace = r.frames(t, "");
        for (int i = 0; i < trace.length && !r.full(); i++) {
            r.line("").append("\tat ").append(trace[i]);
        }
        r.suppressedAndCause(t, trace, "");
        return r.sb.toString();
    }

    private void enclosed(Throwable t, StackTraceElement[] enclosing, String caption, String prefix) {
        if (full()) {
            return;
        }
        if (seen.contains(t)) {
            line(prefix).append(caption).append("[CIRCULAR REFERENCE: ").append(header(t)).append(']');
            return;
        }
        if (seen.size() >= MAX_THROWABLES) {
            if (!cut) {
                cut = true;
                line(prefix).append("\t... further exceptions not shown");
            }
            return;
        }
        seen.add(t);
        String header = header(t);
        line(prefix).append(caption).append(header);
        StackTraceElement[] trace = frames(t, prefix);
        int m = trace.length - 1;
        int n = enclosing.length - 1;
        while (m >= 0 && n >= 0 && trace[m] != null && trace[m].equals(enclosing[n])) {
            m--;
            n--;
        }
        int inCommon = trace.length - 1 - m;
        for (int i = 0; i <= m && !full(); i++) {
            line(prefix).append("\tat ").append(trace[i]);
        }
        if (inCommon != 0) {
            line(prefix).append("\t... ").append(inCommon).append(" more");
        }
        suppressedAndCause(t, trace, prefix);
    }

    private void suppressedAndCause(Throwable t, StackTraceElement[] trace, String prefix) {
        for (Throwable s : t.getSuppressed()) {
            enclosed(s, trace, SUPPRESSED, prefix + "\t");
        }
        Throwable cause;
        try {
            cause = t.getCause();
        } catch (Throwable failure) {
            if (!full()) {
                line(prefix).append(CAUSE).append(threw("getCause()", failure));
            }
            return;
        }
        if (cause != null) {
            enclosed(cause, trace, CAUSE, prefix);
        }
    }

    private StackTraceElement[] frames(Throwable t, String prefix) {
        try {
            StackTraceElement[] frames = t.getStackTrace();
            return frames == null ? NO_FRAMES : frames;
        } catch (Throwable failure) {
            line(prefix).append('\t').append(threw("getStackTrace()", failure));
            return NO_FRAMES;
        }
    }

    private StringBuilder line(String prefix) {
        return sb.append('\n').append(prefix);
    }

    private boolean full() {
        return sb.length() > maxChars;
    }

    private static String threw(String method, Throwable failure) {
        return "<" + method + " threw " + failure.getClass().getName() + ">";
    }
}
