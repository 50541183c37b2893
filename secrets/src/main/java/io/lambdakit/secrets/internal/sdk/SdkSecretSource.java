package io.lambdakit.secrets.internal.sdk;

import io.lambdakit.secrets.RawValue;
import io.lambdakit.secrets.SecretsException.Reason;
import io.lambdakit.secrets.internal.Failures;
import io.lambdakit.secrets.internal.RawKey;
import io.lambdakit.secrets.spi.SecretRequest;
import io.lambdakit.secrets.spi.SecretSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.util.Objects;

/** Secrets Manager {@code GetSecretValue} through the SDK; one call per fetch (binary secrets included). */
final class SdkSecretSource implements SecretSource {

    private static final String VIA = "Secrets Manager (AWS SDK)";

    private final SecretsManagerClient client;

    SdkSecretSource(SecretsManagerClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public RawValue fetch(SecretRequest request) {
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(GetSecretValueRequest.builder()
                    .secretId(request.secretId())
                    .versionId(request.versionId())
                    .versionStage(request.versionStage())
                    .build());
        } catch (SdkException e) {
            throw SdkFailures.map(RawKey.Kind.SECRET, request.secretId(), VIA, e);
        }
        if (response.secretString() != null) {
            return RawValue.ofText(response.secretString(), response.versionId());
        }
        if (response.secretBinary() != null) {
            return RawValue.ofBinary(response.secretBinary().asByteArrayUnsafe(), response.versionId());
        }
        throw Failures.create(Reason.MALFORMED_RESPONSE, request.secretId(), 200, VIA + " returned neither SecretString nor "
                + "SecretBinary for the secret '" + request.secretId() + "'; check the secret has a value in this version.", null);
    }

    @Override
    public String describe() {
        return VIA;
    }

    @Override
    public String toString() {
        return "SdkSecretSource";
    }

}
