/**
 * Implementation of lambdakit-batch: the engine that runs record handlers sequentially, in
 * parallel or per FIFO message group and collects failures per record slot, the event sources'
 * identifiers and FIFO detection, worker threads (virtual where the JVM has them), and the codecs
 * for JSON bodies and DynamoDB images. Not a public API: anything here may change in any release.
 */
package io.lambdakit.batch.internal;
