/**
 * Implementation of lambdakit-secrets, not API: the cache engine (max age, single-flight, stale-on-error,
 * restore invalidation), the HTTP client of the Parameters and Secrets extension, provider selection and
 * fallback, the resolved configuration and the mapping of service errors to typed exceptions.
 *
 * <p>Types are package-private unless another package needs them. The public ones, and why:
 * {@code CacheEngine}, {@code Handle}, {@code ValueKey}, {@code RawKey}, {@code SecretsConfig} and
 * {@code Sources}, which the facades and their builder base in {@code io.lambdakit.secrets} use;
 * {@code RawKey} and {@code Failures}, which the sibling package {@code internal.sdk} also uses;
 * {@code SecretsPreloadScenario}, the main class the build runs to record the class list.
 */
package io.lambdakit.secrets.internal;
