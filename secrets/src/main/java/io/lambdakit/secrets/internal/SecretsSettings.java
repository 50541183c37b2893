package io.lambdakit.secrets.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.secrets.ProviderKind;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings both facades share: builder values first, then environment variables, then defaults.
 * The builders write here (each setter validates its argument at once); {@link #resolve(ConfigurationException.Problems)}
 * reads the environment and reports every bad variable in one {@link ConfigurationException}.
 */
public final class SecretsSettings {

    /** auto, extension or sdk. */
    public static final String PROVIDER = "LAMBDAKIT_SECRETS_PROVIDER";
    /** Max age in seconds (the Powertools name). */
    public static final String MAX_AGE = "POWERTOOLS_PARAMETERS_MAX_AGE";
    /** Decrypt SSM parameters by default (the Powertools name). */
    public static final String SSM_DECRYPT = "POWERTOOLS_PARAMETERS_SSM_DECRYPT";
    /** Stale-on-error: seconds past the max age a value may be served when refreshing fails; 0 = off. */
    public static final String MAX_STALENESS = "LAMBDAKIT_SECRETS_MAX_STALENESS";
    /** true: when the extension is unreachable, read through the SDK. */
    public static final String FALLBACK_TO_SDK = "LAMBDAKIT_SECRETS_FALLBACK_TO_SDK";
    /** The extension's port (the extension's own variable). */
    public static final String EXTENSION_PORT = "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT";
    /** Connect timeout to the extension, ms. */
    public static final String EXTENSION_CONNECT_TIMEOUT = "LAMBDAKIT_SECRETS_EXTENSION_CONNECT_TIMEOUT_MILLIS";
    /** Read timeout from the extension, ms. */
    public static final String EXTENSION_READ_TIMEOUT = "LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MILLIS";

    /** Default max age, as in Powertools. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(5);
    /** Default extension port. */
    public static final int DEFAULT_PORT = 2773;
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(1000);
    /** Default read timeout. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(3000);

    private ProviderKind provider;
    private Duration maxAge;
    private Duration maxStaleness;
    private Boolean fallbackToSdk;
    private Integer port;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Boolean decrypt;
    private ExecutionEnvironment executionEnvironment;

    /**
     * The resolved settings.
     *
     * @param provider       the provider asked for (AUTO not yet decided)
     * @param maxAge         default max age
     * @param maxStaleness   stale-on-error window, zero when off
     * @param fallbackToSdk  extension to SDK fallback
     * @param port           extension port
     * @param connectTimeout extension connect timeout
     * @param readTimeout    extension read timeout
     * @param decrypt        SSM decryption by default
     * @param environment    the execution environment (env snapshot, clock, lifecycle)
     */
    public record Resolved(ProviderKind provider, Duration maxAge, Duration maxStaleness, boolean fallbackToSdk, int port,
                           Duration connectTimeout, Duration readTimeout, boolean decrypt, ExecutionEnvironment environment) {
        /** @return the environment snapshot */
        public Environment env() {
            return environment.environment();
        }
    }

    /** @param provider where values come from */
    public void provider(ProviderKind provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** @param maxAge how old a cached value may be */
    public void maxAge(Duration maxAge) {
        this.maxAge = nonNegative("maxAge", maxAge);
    }

    /** @param maxStaleness stale-on-error window */
    public void maxStaleness(Duration maxStaleness) {
        this.maxStaleness = nonNegative("staleOnError", maxStaleness);
    }

    /** @param fallback whether to fall back to the SDK */
    public void fallbackToSdk(boolean fallback) {
        this.fallbackToSdk = fallback;
    }

    /** @param port the extension's port */
    public void port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("extensionPort was " + port + " but it must be between 1 and 65535");
        }
        this.port = port;
    }

    /**
     * @param connect connect timeout
     * @param read    read timeout
     */
    public void timeouts(Duration connect, Duration read) {
        this.connectTimeout = positiveMillis("connect timeout", connect);
        this.readTimeout = positiveMillis("read timeout", read);
    }

    /** @param decrypt SSM decryption by default */
    public void decrypt(boolean decrypt) {
        this.decrypt = decrypt;
    }

    /** @param environment the execution environment */
    public void executionEnvironment(ExecutionEnvironment environment) {
        this.executionEnvironment = Objects.requireNonNull(environment, "executionEnvironment");
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

    /**
     * @param problems where to report bad environment variables
     * @return the settings, with defaults for anything bad (the caller throws the problems)
     */
    public Resolved resolve(ConfigurationException.Problems problems) {
        ExecutionEnvironment ee = executionEnvironment != null ? executionEnvironment : ExecutionEnvironment.current();
        Environment env = ee.environment();
        ProviderKind kind = provider;
        if (kind == null) {
            Optional<String> v = env.get(PROVIDER);
            kind = ProviderKind.AUTO;
            if (v.isPresent()) {
                Optional<ProviderKind> parsed = ProviderKind.parse(v.get());
                if (parsed.isPresent()) {
                    kind = parsed.get();
                } else {
                    problems.add(PROVIDER + " was '" + v.get() + "' but it must be auto, extension or sdk; fix or unset it");
                }
            }
        }
        Duration age = maxAge != null ? maxAge : seconds(env, MAX_AGE, DEFAULT_MAX_AGE, problems);
        Duration stale = maxStaleness != null ? maxStaleness : seconds(env, MAX_STALENESS, Duration.ZERO, problems);
        boolean fallback = fallbackToSdk != null ? fallbackToSdk : bool(env, FALLBACK_TO_SDK, false, problems);
        boolean dec = decrypt != null ? decrypt : bool(env, SSM_DECRYPT, false, problems);
        int p = port != null ? port : integer(env, EXTENSION_PORT, DEFAULT_PORT, 1, 65535, problems);
        Duration connect = connectTimeout != null ? connectTimeout
                : Duration.ofMillis(integer(env, EXTENSION_CONNECT_TIMEOUT, (int) DEFAULT_CONNECT_TIMEOUT.toMillis(), 1, Integer.MAX_VALUE, problems));
        Duration read = readTimeout != null ? readTimeout
                : Duration.ofMillis(integer(env, EXTENSION_READ_TIMEOUT, (int) DEFAULT_READ_TIMEOUT.toMillis(), 1, Integer.MAX_VALUE, problems));
        return new Resolved(kind, age, stale, fallback, p, connect, read, dec, ee);
    }

    private static Duration seconds(Environment env, String name, Duration def, ConfigurationException.Problems problems) {
        return Duration.ofSeconds(integer(env, name, (int) def.toSeconds(), 0, Integer.MAX_VALUE, problems));
    }

    private static int integer(Environment env, String name, int def, int min, int max, ConfigurationException.Problems problems) {
        Optional<String> v = env.get(name);
        if (v.isEmpty()) {
            return def;
        }
        try {
            int i = Integer.parseInt(v.get());
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " was '" + v.get() + "' but it must be an integer between " + min + " and " + max + "; fix or unset it");
        return def;
    }

    private static boolean bool(Environment env, String name, boolean def, ConfigurationException.Problems problems) {
        Optional<String> v = env.get(name);
        if (v.isEmpty()) {
            return def;
        }
        String s = v.get().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        problems.add(name + " was '" + v.get() + "' but it must be true or false; fix or unset it");
        return def;
    }
}
