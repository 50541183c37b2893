package io.lambdakit.core.spi;

/**
 * Rethrows a body's exception unchanged, checked or not, from a method that declares no
 * {@code throws} clause: how every plain API propagates what a
 * {@link io.lambdakit.core.ThrowingSupplier} threw (see CONTRIBUTING.md, "Bodies").
 */
public final class Throwables {

    private Throwables() {
    }

    /**
     * Throws {@code t} as it is. Declared to return an exception so callers can write
     * {@code throw Throwables.sneakyThrow(t);} and the compiler knows the statement does not complete.
     *
     * @param t what the body threw
     * @return never returns
     */
    public static RuntimeException sneakyThrow(Throwable t) {
        throw Throwables.<RuntimeException>rethrow(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
