/**
 * Implementation of lambdakit-secrets, not API: the cache engine (max age, single-flight, stale-on-error,
 * restore invalidation), the HTTP client of the Parameters and Secrets extension, provider selection and
 * fallback, built-in transformations and the mapping of service errors to typed exceptions.
 */
package io.lambdakit.secrets.internal;
