/**
 * The ground every lambdakit module stands on: an immutable snapshot of the Lambda environment
 * ({@link io.lambdakit.core.Environment}), the per-invocation context and its cold-start
 * classification ({@link io.lambdakit.core.InvocationContext}, {@link io.lambdakit.core.ColdStart}),
 * the process-wide execution environment that owns them ({@link io.lambdakit.core.ExecutionEnvironment}),
 * the SnapStart/CRaC lifecycle registry ({@link io.lambdakit.core.Lifecycle}), shared JSON
 * ({@link io.lambdakit.core.Json}), the body type of every plain API
 * ({@link io.lambdakit.core.ThrowingSupplier}), the handle of a process-wide instance
 * ({@link io.lambdakit.core.Installation}) and the root exception
 * {@link io.lambdakit.core.LambdakitException}.
 */
package io.lambdakit.core;
