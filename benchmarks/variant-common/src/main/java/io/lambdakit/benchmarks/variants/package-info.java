/**
 * What the benchmarked function variants and the JMH harness share: a synthetic Lambda
 * {@link com.amazonaws.services.lambda.runtime.Context} filled as the runtime fills it, and the
 * {@link java.util.function.Supplier} door through which the overhead benchmark invokes a variant
 * loaded in a class loader of its own.
 */
package io.lambdakit.benchmarks.variants;
