package io.lambdakit.secrets.internal.sdk;

import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.secrets.spi.SecretSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Creates the SDK sources. The only entry point into this package: callers pass clients as
 * {@code Object} so that no SDK type appears outside it, and this class is loaded only when the SDK
 * path is taken.
 */
public final class SdkSources {

    private SdkSources() {
    }

    /**
     * @param client a {@code SecretsManagerClient}, or null to build one on url-connection-client
     * @param region the region for a client built here
     * @return the source
     */
    public static SecretSource secrets(Object client, String region) {
        SecretsManagerClient c = client != null ? (SecretsManagerClient) client : SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .build();
        return new SdkSecretSource(c);
    }

    /**
     * @param client an {@code SsmClient}, or null to build one on url-connection-client
     * @param region the region for a client built here
     * @return the source
     */
    public static ParameterSource parameters(Object client, String region) {
        SsmClient c = client != null ? (SsmClient) client : SsmClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .build();
        return new SdkParameterSource(c);
    }
}
