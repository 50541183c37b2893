/**
 * The SnapStart example of docs/snapstart.md: a handler that refreshes its own state after a
 * restore and primes itself before the checkpoint, and the tests that prove both.
 */
package io.lambdakit.testing.snapstart;
