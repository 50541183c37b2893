package io.lambdakit.secrets;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.secrets.internal.SecretsConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * The options {@link Secrets.Builder} and {@link Parameters.Builder} share: where values come from
 * and how long they are cached. Each setter validates its argument at once; anything not set comes
 * from the environment, then from the documented defaults, and {@code build()} reports every bad
 * variable in one {@link ConfigurationException}.
 *
 * @param <B> the concrete builder
 */
public abstract sealed class CacheBuilder<B extends CacheBuilder<B>> permits Secrets.Builder, Parameters.Builder {

    private ProviderKind provider;
    private Duration maxAge;
    private Duration maxStaleness;
    private Boolean fallbackToSdk;
    private Integer port;
    private Duration connectTimeout;
    private Duration readTimeout;
    private ExecutionEnvironment executionEnvironment;

    CacheBuilder() {
    }

    abstract B self();

    /**
     * @param provider where values come from (default: {@code LAMBDAKIT_SECRETS_PROVIDER}, else AUTO)
     * @return this builder
     */
    public B provider(ProviderKind provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
        return self();
    }

    /**
     * @param maxAge how long a fetched value is served from the cache (default: {@code POWERTOOLS_PARAMETERS_MAX_AGE}
     *               seconds, else 5 s); zero disables caching
     * @return this builder
     */
    public B maxAge(Duration maxAge) {
        this.maxAge = nonNegative("maxAge", maxAge);
        return self();
    }

    /**
     * Enables stale-on-error: when refreshing a value fails transiently ({@link SecretUnavailableException}),
     * the previous value is served while it is at most {@code maxStaleness} past its max age.
     *
     * @param maxStaleness the window (default: {@code LAMBDAKIT_SECRETS_MAX_STALENESS_SECONDS}, else 0 = off)
     * @return this builder
     */
    public B staleOnError(Duration maxStaleness) {
        this.maxStaleness = nonNegative("staleOnError", maxStaleness);
        return self();
    }

    /**
     * @param fallback when the extension cannot serve (not running, not ready, timing out, no token), read through
     *                 the SDK, which must be on the classpath (default: {@code LAMBDAKIT_SECRETS_FALLBACK_TO_SDK}, else false)
     * @return this builder
     */
    public B fallbackToSdk(boolean fallback) {
        this.fallbackToSdk = fallback;
        return self();
    }

    /**
     * @param port the extension's port (default: {@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}, else 2773)
     * @return this builder
     */
    public B extensionPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("extensionPort was " + port + " but it must be between 1 and 65535");
        }
        this.port = port;
        return self();
    }

    /**
     * @param connect connect timeout to the extension (default: {@code LAMBDAKIT_SECRETS_EXTENSION_CONNECT_TIMEOUT_MS}, else 1 s)
     * @param read    read timeout (default: {@code LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MS}, else 3 s; the extension may
     *                call the service on its own miss)
     * @return this builder
     */
    public B extensionTimeouts(Duration connect, Duration read) {
        this.connectTimeout = positiveMillis("connect timeout", connect);
        this.readTimeout = positiveMillis("read timeout", read);
        return self();
    }

    /**
     * @param environment the environment, clock and lifecycle to use (default: {@link ExecutionEnvironment#current()})
     * @return this builder
     */
    public B executionEnvironment(ExecutionEnvironment environment) {
        this.executionEnvironment = Objects.requireNonNull(environment, "executionEnvironment");
        return self();
    }

    /**
     * @param decrypt  the parameters builder's value, or null
     * @param problems where to report bad environment variables
     * @return the resolved settings
     */
    final SecretsConfig config(Boolean decrypt, ConfigurationException.Problems problems) {
        return SecretsConfig.resolve(executionEnvironment, provider, maxAge, maxStaleness, fallbackToSdk, port,
                connectTimeout, readTimeout, decrypt, problems);
    }

    private static Duration nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " was " + d + " but it must be zero or positive");
        }
        return d;
    }

    private static Duration positiveMillis(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.toMillis() < 1 || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " was " + d + " but it must be between 1 ms and about 24 days");
        }
        return d;
    }
}
