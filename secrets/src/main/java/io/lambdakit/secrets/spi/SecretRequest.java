package io.lambdakit.secrets.spi;

import java.util.Objects;

/**
 * One Secrets Manager read.
 *
 * @param secretId     the secret's name or ARN
 * @param versionId    a version id, or null
 * @param versionStage a staging label such as {@code AWSPREVIOUS}, or null (the service then returns {@code AWSCURRENT})
 */
public record SecretRequest(String secretId, String versionId, String versionStage) {
    /** Checks the id. */
    public SecretRequest {
        Objects.requireNonNull(secretId, "secretId");
    }
}
