package io.lambdakit.secrets.internal;

import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.secrets.RawValue;
import io.lambdakit.secrets.SecretsException;
import io.lambdakit.secrets.spi.ParameterRequest;
import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.secrets.spi.PathRequest;
import io.lambdakit.secrets.spi.SecretRequest;
import io.lambdakit.secrets.spi.SecretSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Extension first, SDK when the extension cannot serve: not running, not ready, timing out, failing
 * (transient reasons), no AWS_SESSION_TOKEN, or an operation it does not support (get by path). A
 * definite answer from the extension (not found, access denied, bad request) is not retried through
 * the SDK, which would say the same. The SDK source is created on first use, so a function whose
 * extension works never pays for building an SDK client.
 */
final class FallbackSources {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackSources.class);

    private FallbackSources() {
    }

    static boolean shouldFallBack(SecretsException e) {
        return e.reason().isTransient() || e.reason() == SecretsException.Reason.TOKEN_MISSING
                || e.reason() == SecretsException.Reason.UNSUPPORTED;
    }

    /** Creates a value once, on first use, thread-safely. */
    static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = Objects.requireNonNull(factory.get());
                        value = v;
                    }
                }
            }
            return v;
        }
    }

    private static <R, S> R run(Function<S, R> call, S primary, Supplier<S> fallback, Diagnostics diagnostics, String what) {
        try {
            return call.apply(primary);
        } catch (SecretsException e) {
            if (!shouldFallBack(e)) {
                throw e;
            }
            if (!diagnostics.warnOnce("sdk-fallback", "lambdakit-secrets: the Parameters and Secrets extension could not serve "
                    + what + " (" + e.reason() + "); reading through the AWS SDK instead. Further fallbacks are logged at DEBUG.")) {
                LOG.debug("lambdakit-secrets: falling back to the SDK for {} ({})", what, e.reason());
            }
            try {
                return call.apply(fallback.get());
            } catch (SecretsException f) {
                f.addSuppressed(e);
                throw f;
            }
        }
    }

    /** Secrets: extension, then SDK. */
    static final class Secrets implements SecretSource {
        private final SecretSource primary;
        private final Supplier<SecretSource> fallback;
        private final Diagnostics diagnostics;

        /**
         * @param primary     the extension
         * @param fallback    creates the SDK source on first use
         * @param diagnostics where the first fallback is reported
         */
        Secrets(SecretSource primary, Supplier<SecretSource> fallback, Diagnostics diagnostics) {
            this.primary = Objects.requireNonNull(primary, "primary");
            this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
            this.fallback = new Lazy<>(fallback);
        }

        @Override
        public RawValue fetch(SecretRequest request) {
            return run(s -> s.fetch(request), primary, fallback, diagnostics, "secret '" + request.secretId() + "'");
        }

        @Override
        public String describe() {
            return primary.describe() + " (falling back to the AWS SDK)";
        }
    }

    /** Parameters: extension, then SDK. */
    static final class Parameters implements ParameterSource {
        private final ParameterSource primary;
        private final Supplier<ParameterSource> fallback;
        private final Diagnostics diagnostics;

        /**
         * @param primary     the extension
         * @param fallback    creates the SDK source on first use
         * @param diagnostics where the first fallback is reported
         */
        Parameters(ParameterSource primary, Supplier<ParameterSource> fallback, Diagnostics diagnostics) {
            this.primary = Objects.requireNonNull(primary, "primary");
            this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
            this.fallback = new Lazy<>(fallback);
        }

        @Override
        public RawValue fetch(ParameterRequest request) {
            return run(s -> s.fetch(request), primary, fallback, diagnostics, "parameter '" + request.name() + "'");
        }

        @Override
        public Map<String, RawValue> fetchByPath(PathRequest request) {
            return run(s -> s.fetchByPath(request), primary, fallback, diagnostics, "path '" + request.path() + "'");
        }

        @Override
        public String describe() {
            return primary.describe() + " (falling back to the AWS SDK)";
        }
    }
}
