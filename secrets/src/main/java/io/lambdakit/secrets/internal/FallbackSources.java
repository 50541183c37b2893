package io.lambdakit.secrets.internal;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Extension first, SDK when the extension cannot serve: not running, not ready, timing out, failing
 * (transient reasons), no AWS_SESSION_TOKEN, or an operation it does not support (get by path). A
 * definite answer from the extension (not found, access denied, bad request) is not retried through
 * the SDK, which would say the same. The SDK source is created on first use, so a function whose
 * extension works never pays for building an SDK client.
 */
public final class FallbackSources {

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

    private static <R, S> R run(Function<S, R> call, S primary, Supplier<S> fallback, AtomicBoolean warned, String what) {
        try {
            return call.apply(primary);
        } catch (SecretsException e) {
            if (!shouldFallBack(e)) {
                throw e;
            }
            if (warned.compareAndSet(false, true)) {
                LOG.warn("lambdakit-secrets: the Parameters and Secrets extension could not serve {} ({}); reading through the "
                        + "AWS SDK instead. Further fallbacks are logged at DEBUG.", what, e.reason());
            } else {
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
    public static final class Secrets implements SecretSource {
        private final SecretSource primary;
        private final Supplier<SecretSource> fallback;
        private final AtomicBoolean warned = new AtomicBoolean();

        /**
         * @param primary  the extension
         * @param fallback creates the SDK source on first use
         */
        public Secrets(SecretSource primary, Supplier<SecretSource> fallback) {
            this.primary = Objects.requireNonNull(primary, "primary");
            this.fallback = new Lazy<>(fallback);
        }

        @Override
        public RawValue fetch(SecretRequest request) {
            return run(s -> s.fetch(request), primary, fallback, warned, "secret '" + request.secretId() + "'");
        }

        @Override
        public String describe() {
            return primary.describe() + " (falling back to the AWS SDK)";
        }
    }

    /** Parameters: extension, then SDK. */
    public static final class Parameters implements ParameterSource {
        private final ParameterSource primary;
        private final Supplier<ParameterSource> fallback;
        private final AtomicBoolean warned = new AtomicBoolean();

        /**
         * @param primary  the extension
         * @param fallback creates the SDK source on first use
         */
        public Parameters(ParameterSource primary, Supplier<ParameterSource> fallback) {
            this.primary = Objects.requireNonNull(primary, "primary");
            this.fallback = new Lazy<>(fallback);
        }

        @Override
        public RawValue fetch(ParameterRequest request) {
            return run(s -> s.fetch(request), primary, fallback, warned, "parameter '" + request.name() + "'");
        }

        @Override
        public Map<String, RawValue> fetchByPath(PathRequest request) {
            return run(s -> s.fetchByPath(request), primary, fallback, warned, "path '" + request.path() + "'");
        }

        @Override
        public String describe() {
            return primary.describe() + " (falling back to the AWS SDK)";
        }
    }
}
