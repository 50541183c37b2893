/**
 * The contracts every {@link io.lambdakit.batch.spi.RecordDecoder} and
 * {@link io.lambdakit.batch.spi.ImageDecoder} must honour, as abstract JUnit 5 test classes: extend
 * {@link io.lambdakit.testing.batch.RecordDecoderContract} or
 * {@link io.lambdakit.testing.batch.ImageDecoderContract}, give the decoder and sample inputs, and the
 * suite proves what the batch engine relies on (a decodable input gives its value, never null; an
 * undecodable one throws; decoding is repeatable and safe from many threads at once, as in parallel mode).
 * Needs lambdakit-batch and aws-lambda-java-events on the test class path.
 */
package io.lambdakit.testing.batch;
