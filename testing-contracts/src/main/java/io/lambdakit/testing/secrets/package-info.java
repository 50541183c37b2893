/**
 * The contracts every {@link io.lambdakit.secrets.spi.SecretSource} and
 * {@link io.lambdakit.secrets.spi.ParameterSource} must honour, as abstract JUnit 5 test classes: extend
 * {@link io.lambdakit.testing.secrets.SecretSourceContract} or
 * {@link io.lambdakit.testing.secrets.ParameterSourceContract}, return the source and a way to put values
 * into its store, and the suite proves what the caches in front of a source rely on (values come back
 * exactly, nothing is cached, a missing value is a typed not-found failure that names the id and no value,
 * concurrent fetches are safe). Needs lambdakit-secrets on the test class path.
 */
package io.lambdakit.testing.secrets;
