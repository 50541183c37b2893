package io.lambdakit.secrets.internal;

/**
 * The environment variables lambdakit-secrets reads, each constant named exactly like its variable.
 * Only {@link SecretsConfig} reads them (the other classes here name them in messages);
 * docs/configuration.md lists them with their defaults.
 */
final class SecretsVariables {

    /** {@code auto}, {@code extension} or {@code sdk}. */
    static final String LAMBDAKIT_SECRETS_PROVIDER = "LAMBDAKIT_SECRETS_PROVIDER";
    /** Max age in seconds (the Powertools name). */
    static final String POWERTOOLS_PARAMETERS_MAX_AGE = "POWERTOOLS_PARAMETERS_MAX_AGE";
    /** Decrypt SSM parameters by default (the Powertools name). */
    static final String POWERTOOLS_PARAMETERS_SSM_DECRYPT = "POWERTOOLS_PARAMETERS_SSM_DECRYPT";
    /** Stale-on-error: seconds past the max age a value may be served when refreshing fails; 0 = off. */
    static final String LAMBDAKIT_SECRETS_MAX_STALENESS_SECONDS = "LAMBDAKIT_SECRETS_MAX_STALENESS_SECONDS";
    /** {@code true}: when the extension is unreachable, read through the SDK. */
    static final String LAMBDAKIT_SECRETS_FALLBACK_TO_SDK = "LAMBDAKIT_SECRETS_FALLBACK_TO_SDK";
    /** The extension's port (the extension's own variable). */
    static final String PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT";
    /** Connect timeout to the extension, milliseconds. */
    static final String LAMBDAKIT_SECRETS_EXTENSION_CONNECT_TIMEOUT_MS = "LAMBDAKIT_SECRETS_EXTENSION_CONNECT_TIMEOUT_MS";
    /** Read timeout from the extension, milliseconds. */
    static final String LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MS = "LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MS";

    private SecretsVariables() {
    }
}
