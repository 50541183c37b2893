package io.lambdakit.secrets.internal;

import io.lambdakit.testing.secrets.SecretSourceContract;
import io.lambdakit.secrets.spi.SecretSource;
import io.lambdakit.testing.LocalSecretsExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * lambdakit-secrets' own source, the client of the Parameters and Secrets extension, honours the source
 * contract against lambdakit-testing's stand-in for the extension (real HTTP on loopback).
 */
class ExtensionSecretSourceContractIT extends SecretSourceContract {

    @RegisterExtension
    static final LocalSecretsExtension EXTENSION = LocalSecretsExtension.builder().start();

    private static final SecretSource SOURCE = new ExtensionClient(EXTENSION.port(), Duration.ofSeconds(2),
            Duration.ofSeconds(5), EXTENSION.token(), millis -> { });

    @Override
    protected SecretSource source() {
        return SOURCE;
    }

    @Override
    protected void putSecret(String id, String value) {
        EXTENSION.putSecret(id, value);
    }
}
