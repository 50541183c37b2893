package io.lambdakit.testing.batch;

/** The item the decoder contract tests decode. */
record Order(String id, int quantity) {
}
