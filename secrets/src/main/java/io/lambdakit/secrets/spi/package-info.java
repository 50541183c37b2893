/**
 * Extension points of lambdakit-secrets: a {@link io.lambdakit.secrets.spi.SecretSource} or
 * {@link io.lambdakit.secrets.spi.ParameterSource} fetches raw values from a store (the built-in ones
 * speak to the Parameters and Secrets extension and to the AWS SDK); the facades add caching,
 * transformations and error handling on top of any source.
 */
package io.lambdakit.secrets.spi;
