package io.lambdakit.testing.internal;

/**
 * What a runtime posted: a response, or an error document with the
 * {@code Lambda-Runtime-Function-Error-Type} header.
 *
 * @param success         true for {@code /response}
 * @param body            the posted bytes
 * @param errorTypeHeader the error type header, null for responses or when absent
 */
record RuntimeReply(boolean success, byte[] body, String errorTypeHeader) {
}
