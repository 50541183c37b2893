package io.lambdakit.testing.internal.crac;

/** An after-restore hook failed; the hooks' exceptions are suppressed into it. */
public class RestoreException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates it. */
    public RestoreException() {
        super();
    }
}
