package io.lambdakit.batch.internal;

/** The item the decoder contract tests decode. */
record Order(String id, int quantity) {
}
