package io.lambdakit.tracing.internal;

/**
 * An exception recorded in a subsegment's cause, with an id for it and for each exception in its
 * cause chain (at most {@value #MAX_CHAIN}); the stack is read only when the document is encoded.
 *
 * @param throwable the exception
 * @param remote    true when it was caused by an error a downstream service returned
 * @param ids       the ids of {@code throwable} and its causes, outermost first
 * @param skipped   causes beyond {@value #MAX_CHAIN} that are left out
 */
record RecordedException(Throwable throwable, boolean remote, String[] ids, int skipped) {

    /** Causes recorded per exception. */
    static final int MAX_CHAIN = 8;

    static RecordedException of(Throwable t, boolean remote, IdGenerator ids) {
        int n = 0;
        int total = 0;
        for (Throwable c = t; c != null && total < 1000; c = c.getCause() == c ? null : c.getCause()) {
            total++;
        }
        n = Math.min(total, MAX_CHAIN);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = ids.nextHex();
        }
        return new RecordedException(t, remote, out, total - n);
    }
}
