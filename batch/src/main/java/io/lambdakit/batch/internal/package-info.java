/**
 * Implementation of lambdakit-batch: the engine that runs record handlers sequentially, in
 * parallel or per FIFO message group and collects failures per record slot, the event sources'
 * identifiers, responses and FIFO detection, worker threads (virtual where the JVM has them), and
 * the codecs for JSON bodies and DynamoDB images. Not a public API: anything here may change in
 * any release.
 *
 * <p>Types are package-private unless another package needs them. The public ones, and why:
 * {@code Processors} (with its opaque {@code Source} and {@code Task}) and {@code BatchConfig}, the
 * one door the builders in {@code io.lambdakit.batch} use; {@code BatchPreloadScenario}, the main
 * class the build runs to record the class list.
 */
package io.lambdakit.batch.internal;
