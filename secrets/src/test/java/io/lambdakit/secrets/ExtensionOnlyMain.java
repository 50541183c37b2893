package io.lambdakit.secrets;

import io.lambdakit.core.ConfigurationException;

/**
 * Runs in a child JVM whose classpath has no AWS SDK jar (see {@link SdkOptionalIT}): proves that the
 * extension path needs no SDK, and that choosing the SDK without it is a clear configuration error.
 */
public final class ExtensionOnlyMain {

    private ExtensionOnlyMain() {
    }

    public static void main(String[] args) {
        boolean sdkPresent;
        try {
            Class.forName("software.amazon.awssdk.core.SdkBytes");
            sdkPresent = true;
        } catch (ClassNotFoundException e) {
            sdkPresent = false;
        }
        System.out.println("sdk-present=" + sdkPresent);
        if (args[0].equals("extension")) {
            Secrets secrets = Secrets.create();
            Parameters parameters = Parameters.create();
            System.out.println("secret=" + secrets.get("prod/db"));
            System.out.println("parameter=" + parameters.get("/orders/endpoint"));
            System.out.println("source=" + secrets.source());
        } else {
            try {
                Secrets.create();
                System.out.println("built");
            } catch (ConfigurationException e) {
                System.out.println("configuration-error=" + e.getMessage().replace('\n', ' '));
            }
        }
    }
}
