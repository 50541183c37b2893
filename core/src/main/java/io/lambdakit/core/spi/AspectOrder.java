package io.lambdakit.core.spi;

/**
 * The one declared order of lambdakit's aspects, which each aspect names in its
 * {@code @DeclarePrecedence}, so that every weave sees it whichever modules it lists in
 * {@code aspectLibraries}. First is outermost:
 *
 * <ol>
 *   <li><b>logging</b>: every line of the invocation, those the other modules write included,
 *       carries the request's keys, and the event and response are logged for every call;</li>
 *   <li><b>tracing</b>: the handler segment covers all that follows, so the idempotency store's
 *       calls are subsegments of it;</li>
 *   <li><b>metrics</b>: flushed for every call, a replay included, inside the traced time;</li>
 *   <li><b>idempotency</b>, innermost: it guards only the method body, so a replay returns the
 *       stored result without running the body but is still logged, counted and traced.</li>
 * </ol>
 *
 * The patterns are package wildcards, which match nothing (and warn about nothing) when a
 * module is absent from the weave.
 */
public final class AspectOrder {

    /** The value of every lambdakit aspect's {@code @DeclarePrecedence}. */
    public static final String PRECEDENCE =
            "io.lambdakit.logging..*, io.lambdakit.tracing..*, io.lambdakit.metrics..*, io.lambdakit.idempotency..*";

    private AspectOrder() {
    }
}
