package io.lambdakit.secrets.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.secrets.ProviderKind;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import static io.lambdakit.secrets.internal.SecretsVariables.LAMBDAKIT_SECRETS_EXTENSION_CONNECT_TIMEOUT_MS;
import static io.lambdakit.secrets.internal.SecretsVariables.LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MS;
import static io.lambdakit.secrets.internal.SecretsVariables.LAMBDAKIT_SECRETS_FALLBACK_TO_SDK;
import static io.lambdakit.secrets.internal.SecretsVariables.LAMBDAKIT_SECRETS_MAX_STALENESS_SECONDS;
import static io.lambdakit.secrets.internal.SecretsVariables.LAMBDAKIT_SECRETS_PROVIDER;
import static io.lambdakit.secrets.internal.SecretsVariables.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
import static io.lambdakit.secrets.internal.SecretsVariables.POWERTOOLS_PARAMETERS_MAX_AGE;
import static io.lambdakit.secrets.internal.SecretsVariables.POWERTOOLS_PARAMETERS_SSM_DECRYPT;

/**
 * The resolved settings both facades share: the builder's values first, then the environment
 * variables, then the defaults. The only reader of lambdakit-secrets' environment variables.
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
public record SecretsConfig(ProviderKind provider, Duration maxAge, Duration maxStaleness, boolean fallbackToSdk, int port,
                            Duration connectTimeout, Duration readTimeout, boolean decrypt, ExecutionEnvironment environment) {

    /** Default max age, as in Powertools. */
    static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(5);
    /** Default extension port. */
    static final int DEFAULT_PORT = 2773;
    /** Default connect timeout. */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(1000);
    /** Default read timeout. */
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(3000);

    /** @return the environment snapshot */
    public Environment env() {
        return environment.environment();
    }

    /**
     * Resolves each setting: the builder's value when it set one (already validated), else the
     * environment variable, else the default. Reports every bad variable to {@code problems} and
     * uses the default for it; the caller throws the problems.
     *
     * @param environment    the execution environment, or null for {@link ExecutionEnvironment#current()}
     * @param provider       the builder's value, or null
     * @param maxAge         the builder's value, or null
     * @param maxStaleness   the builder's value, or null
     * @param fallbackToSdk  the builder's value, or null
     * @param port           the builder's value, or null
     * @param connectTimeout the builder's value, or null
     * @param readTimeout    the builder's value, or null
     * @param decrypt        the builder's value, or null
     * @param problems       where to report bad environment variables
     * @return the settings
     */
    public static SecretsConfig resolve(ExecutionEnvironment environment, ProviderKind provider, Duration maxAge,
                                        Duration maxStaleness, Boolean fallbackToSdk, Integer port, Duration connectTimeout,
                                        Duration readTimeout, Boolean decrypt, ConfigurationException.Problems problems) {
        ExecutionEnvironment ee = environment != null ? environment : ExecutionEnvironment.current();
        Environment env = ee.environment();
        ProviderKind kind = provider;
        if (kind == null) {
            Optional<String> v = env.get(LAMBDAKIT_SECRETS_PROVIDER);
            kind = ProviderKind.AUTO;
            if (v.isPresent()) {
                Optional<ProviderKind> parsed = ProviderKind.parse(v.get());
                if (parsed.isPresent()) {
                    kind = parsed.get();
                } else {
                    problems.add(LAMBDAKIT_SECRETS_PROVIDER + " was '" + v.get() + "' but it must be auto, extension or sdk; fix or unset it");
                }
            }
        }
        Duration age = maxAge != null ? maxAge : seconds(env, POWERTOOLS_PARAMETERS_MAX_AGE, DEFAULT_MAX_AGE, problems);
        Duration stale = maxStaleness != null ? maxStaleness : seconds(env, LAMBDAKIT_SECRETS_MAX_STALENESS_SECONDS, Duration.ZERO, problems);
        boolean fallback = fallbackToSdk != null ? fallbackToSdk : bool(env, LAMBDAKIT_SECRETS_FALLBACK_TO_SDK, false, problems);
        boolean dec = decrypt != null ? decrypt : bool(env, POWERTOOLS_PARAMETERS_SSM_DECRYPT, false, problems);
        int p = port != null ? port : integer(env, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, DEFAULT_PORT, 1, 65535, problems);
        Duration connect = connectTimeout != null ? connectTimeout
                : Duration.ofMillis(integer(env, LAMBDAKIT_SECRETS_EXTENSION_CONNECT_TIMEOUT_MS, (int) DEFAULT_CONNECT_TIMEOUT.toMillis(),
                        1, Integer.MAX_VALUE, problems));
        Duration read = readTimeout != null ? readTimeout
                : Duration.ofMillis(integer(env, LAMBDAKIT_SECRETS_EXTENSION_TIMEOUT_MS, (int) DEFAULT_READ_TIMEOUT.toMillis(),
                        1, Integer.MAX_VALUE, problems));
        return new SecretsConfig(kind, age, stale, fallback, p, connect, read, dec, ee);
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
