package io.lambdakit.secrets.spi;

import io.lambdakit.secrets.RawValue;

/**
 * Fetches secrets from a store, with no caching. Implementations must be thread-safe, must throw
 * {@link io.lambdakit.secrets.SecretsException} subclasses for failures (a transient one as
 * {@link io.lambdakit.secrets.SecretUnavailableException}), and must never put a value into a message.
 */
public interface SecretSource {

    /**
     * @param request what to read
     * @return the value
     * @throws io.lambdakit.secrets.SecretsException when it cannot be read
     */
    RawValue fetch(SecretRequest request);

    /** @return where values come from, for messages, e.g. {@code the Parameters and Secrets extension on localhost:2773} */
    String describe();
}
