package io.lambdakit.secrets.internal;

import io.lambdakit.testing.secrets.ParameterSourceContract;
import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.testing.LocalSecretsExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * lambdakit-secrets' own source, the client of the Parameters and Secrets extension, honours the
 * parameter source contract against lambdakit-testing's stand-in for the extension (real HTTP on loopback).
 */
class ExtensionParameterSourceContractIT extends ParameterSourceContract {

    @RegisterExtension
    static final LocalSecretsExtension EXTENSION = LocalSecretsExtension.builder().start();

    private static final ParameterSource SOURCE = new ExtensionClient(EXTENSION.port(), Duration.ofSeconds(2),
            Duration.ofSeconds(5), EXTENSION.token(), millis -> { });

    @Override
    protected ParameterSource source() {
        return SOURCE;
    }

    @Override
    protected void putParameter(String name, String value) {
        EXTENSION.putSecureParameter(name, value);
    }
}
