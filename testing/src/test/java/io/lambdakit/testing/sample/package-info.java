/** Handlers that the test kit's own tests run locally: well-behaved, failing, slow, crashing and SnapStart-aware ones. */
package io.lambdakit.testing.sample;
