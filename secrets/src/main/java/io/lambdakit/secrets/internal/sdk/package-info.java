/**
 * The AWS SDK v2 sources (Secrets Manager {@code GetSecretValue}, SSM {@code GetParameter} and
 * {@code GetParametersByPath}). Isolated in this package because the SDK is an optional dependency:
 * nothing here is loaded unless the SDK provider or the fallback to it is used. {@code SdkSources}
 * is public because {@code internal.Sources} creates the sources through it.
 */
package io.lambdakit.secrets.internal.sdk;
