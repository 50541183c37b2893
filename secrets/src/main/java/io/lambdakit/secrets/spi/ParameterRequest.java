package io.lambdakit.secrets.spi;

import java.util.Objects;

/**
 * One SSM Parameter Store read.
 *
 * @param name           the parameter's name or ARN
 * @param version        a version number, or null for the latest
 * @param label          a version label, or null
 * @param withDecryption whether SecureString values are decrypted (needs kms:Decrypt)
 */
public record ParameterRequest(String name, Long version, String label, boolean withDecryption) {
    /** Checks the name. */
    public ParameterRequest {
        Objects.requireNonNull(name, "name");
    }
}
