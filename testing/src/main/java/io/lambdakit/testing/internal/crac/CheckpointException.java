package io.lambdakit.testing.internal.crac;

/** A before-checkpoint hook failed; the hooks' exceptions are suppressed into it. */
public class CheckpointException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates it. */
    public CheckpointException() {
        super();
    }
}
