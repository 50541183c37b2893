/**
 * Test handlers annotated with {@code @Tracing}, woven at test-compile time with lambdakit-tracing's
 * aspect exactly as a user's build weaves theirs, and their plain-API twins for the parity test.
 */
package io.lambdakit.tracing.woven;
