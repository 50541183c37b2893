package io.lambdakit.core.spi;

import com.amazonaws.services.lambda.runtime.Context;

/** Small pieces every module's aspect needs to adapt a join point to its engine. */
public final class Handlers {

    private Handlers() {
    }

    /**
     * @param args a method's arguments
     * @return the Lambda {@link Context} among them (the last one wins), or null
     */
    public static Context findContext(Object[] args) {
        if (args == null) {
            return null;
        }
        for (int i = args.length - 1; i >= 0; i--) {
            if (args[i] instanceof Context c) {
                return c;
            }
        }
        return null;
    }

    /**
     * @param args a method's arguments
     * @return the event: the first argument that is not a Context, or null
     */
    public static Object findEvent(Object[] args) {
        if (args == null) {
            return null;
        }
        for (Object a : args) {
            if (!(a instanceof Context)) {
                return a;
            }
        }
        return null;
    }
}
