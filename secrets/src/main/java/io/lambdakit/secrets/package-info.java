/**
 * Cached access to AWS Secrets Manager secrets ({@link io.lambdakit.secrets.Secrets}) and SSM Parameter
 * Store parameters ({@link io.lambdakit.secrets.Parameters}), read through the AWS Parameters and Secrets
 * Lambda Extension on localhost or through the AWS SDK v2, with a per-value max age, forced refresh,
 * single-flight loading, optional stale-on-error, typed transformations and typed failures that name the
 * secret or parameter but never its value.
 */
package io.lambdakit.secrets;
