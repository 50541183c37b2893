package io.lambdakit.benchmarks.variants.lambdakit;

import io.lambdakit.benchmarks.variants.VariantInvoker;

/** The overhead benchmark's door into this variant (see {@link VariantInvoker}). */
public final class Invoker extends VariantInvoker {

    /** Creates the handler: the function's init. */
    public Invoker() {
        super(new LambdakitHandler()::handleRequest);
    }
}
