package io.lambdakit.secrets;

import java.util.Locale;
import java.util.Optional;

/** Where values come from. */
public enum ProviderKind {
    /**
     * The extension when it is detected (AWS_SESSION_TOKEN is set and either
     * PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is set or the extension's layer is in /opt/extensions),
     * otherwise the SDK.
     */
    AUTO,
    /** The AWS Parameters and Secrets Lambda Extension on localhost. No SDK needed. */
    EXTENSION,
    /** The AWS SDK v2 clients (Secrets Manager {@code GetSecretValue}, SSM {@code GetParameter}). */
    SDK;

    /**
     * @param value a name, any case ({@code auto}, {@code extension}, {@code sdk})
     * @return the kind, empty when unknown
     */
    public static Optional<ProviderKind> parse(String value) {
        for (ProviderKind k : values()) {
            if (k.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
