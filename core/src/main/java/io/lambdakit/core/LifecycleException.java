package io.lambdakit.core;

import java.util.List;

/**
 * One or more lifecycle hooks failed. Thrown after every hook of the phase has run; each failure
 * is attached as a suppressed exception and listed by hook name in the message.
 */
public final class LifecycleException extends LambdakitException {

    private static final long serialVersionUID = 1L;

    private final transient Lifecycle.Phase phase;
    private final transient List<Lifecycle.HookRun> failures;

    LifecycleException(Lifecycle.Phase phase, List<Lifecycle.HookRun> failures) {
        super(message(phase, failures), failures.get(0).failure());
        this.phase = phase;
        this.failures = List.copyOf(failures);
        for (int i = 1; i < failures.size(); i++) {
            addSuppressed(failures.get(i).failure());
        }
    }

    /** @return the phase that failed */
    public Lifecycle.Phase phase() {
        return phase;
    }

    /** @return the failed hook runs, in run order */
    public List<Lifecycle.HookRun> failures() {
        return failures;
    }

    private static String message(Lifecycle.Phase phase, List<Lifecycle.HookRun> failures) {
        StringBuilder sb = new StringBuilder().append(failures.size()).append(" lifecycle hook(s) failed ")
                .append(phase == Lifecycle.Phase.BEFORE_CHECKPOINT ? "before the checkpoint" : "after the restore").append(':');
        for (Lifecycle.HookRun r : failures) {
            sb.append("\n - ").append(r.name()).append(": ").append(r.failure());
        }
        return sb.toString();
    }
}
