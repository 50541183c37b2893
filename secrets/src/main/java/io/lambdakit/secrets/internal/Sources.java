package io.lambdakit.secrets.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.secrets.ProviderKind;
import io.lambdakit.secrets.internal.sdk.SdkSources;
import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.secrets.spi.SecretSource;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses and builds the source of a facade from the resolved settings: the extension, the SDK, or
 * the extension with an SDK fallback. Every problem (no SDK on the classpath, no region) is collected
 * for one {@link ConfigurationException} at build time.
 */
public final class Sources {

    /** Where Lambda unpacks extension layers. */
    public static final Path LAMBDA_EXTENSIONS_DIR = Path.of("/opt/extensions");

    static final String SECRETS_MANAGER_CLIENT = "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient";
    static final String SSM_CLIENT = "software.amazon.awssdk.services.ssm.SsmClient";
    static final String URL_CONNECTION_CLIENT = "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient";

    private Sources() {
    }

    /**
     * Decides AUTO: the extension when AWS_SESSION_TOKEN is set and the extension shows itself, either
     * through PARAMETERS_SECRETS_EXTENSION_HTTP_PORT or through its executable in the extensions directory.
     *
     * @param env           the environment
     * @param extensionsDir where Lambda unpacks extension layers
     * @return true when the extension should be used
     */
    public static boolean extensionDetected(Environment env, Path extensionsDir) {
        if (env.sessionToken().isEmpty()) {
            return false;
        }
        if (env.get(SecretsVariables.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT).isPresent()) {
            return true;
        }
        if (!Files.isDirectory(extensionsDir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(extensionsDir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
                if (name.contains("parametersandsecrets") || name.contains("secretsmanageragent")) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            return false;
        }
        return false;
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, Sources.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static ProviderKind decide(SecretsConfig s, Path extensionsDir) {
        if (s.provider() != ProviderKind.AUTO) {
            return s.provider();
        }
        return extensionDetected(s.env(), extensionsDir) ? ProviderKind.EXTENSION : ProviderKind.SDK;
    }

    private static ExtensionClient extension(SecretsConfig s) {
        return new ExtensionClient(s.port(), s.connectTimeout(), s.readTimeout(), s.env().sessionToken().orElse(null), Thread::sleep);
    }

    private static boolean checkSdk(Service<?> service, boolean clientGiven, SecretsConfig s, String why,
                                    ConfigurationException.Problems problems) {
        boolean ok = true;
        if (!present(service.clientClass)) {
            problems.add(why + " needs the AWS SDK for " + service.name + ", which is not on the classpath; add the dependency "
                    + "software.amazon.awssdk:" + service.artifact + " (with url-connection-client), or use the extension "
                    + "(" + SecretsVariables.LAMBDAKIT_SECRETS_PROVIDER + "=extension and the Parameters and Secrets layer)");
            return false;
        }
        if (!clientGiven) {
            if (!present(URL_CONNECTION_CLIENT)) {
                problems.add(why + " builds its " + service.name + " client on url-connection-client, which is not on the classpath; add "
                        + "software.amazon.awssdk:url-connection-client, or pass your own client to the builder");
                ok = false;
            }
            Optional<String> region = s.env().region();
            if (region.isEmpty()) {
                problems.add(why + " needs a region for its " + service.name + " client, but " + Environment.AWS_REGION + " is not set; set " + Environment.AWS_REGION + " "
                        + "(Lambda always does) or pass your own client to the builder");
                ok = false;
            }
        }
        return ok;
    }

    /**
     * @param s             the settings
     * @param client        a user's SecretsManagerClient, or null
     * @param extensionsDir where to look for the extension in AUTO mode
     * @param problems      where to report problems
     * @return the source, or null when there were problems
     */
    public static SecretSource secrets(SecretsConfig s, Object client, Path extensionsDir, ConfigurationException.Problems problems) {
        return choose(s, client, extensionsDir, problems, SECRETS);
    }

    /**
     * @param s             the settings
     * @param client        a user's SsmClient, or null
     * @param extensionsDir where to look for the extension in AUTO mode
     * @param problems      where to report problems
     * @return the source, or null when there were problems
     */
    public static ParameterSource parameters(SecretsConfig s, Object client, Path extensionsDir, ConfigurationException.Problems problems) {
        return choose(s, client, extensionsDir, problems, PARAMETERS);
    }

    /** What differs between the secrets and the parameters sources. */
    private abstract static class Service<S> {
        final String name;
        final String clientClass;
        final String artifact;
        final String what;

        Service(String name, String clientClass, String artifact, String what) {
            this.name = name;
            this.clientClass = clientClass;
            this.artifact = artifact;
            this.what = what;
        }

        abstract S extension(ExtensionClient ext);

        abstract S withFallback(ExtensionClient ext, Object client, String region, Diagnostics diagnostics);

        abstract S sdk(Object client, String region);
    }

    private static final Service<SecretSource> SECRETS = new Service<>("Secrets Manager", SECRETS_MANAGER_CLIENT, "secretsmanager", "secrets") {
        @Override
        SecretSource extension(ExtensionClient ext) {
            return ext;
        }

        @Override
        SecretSource withFallback(ExtensionClient ext, Object client, String region, Diagnostics diagnostics) {
            return new FallbackSources.Secrets(ext, () -> SdkSources.secrets(client, region), diagnostics);
        }

        @Override
        SecretSource sdk(Object client, String region) {
            return SdkSources.secrets(client, region);
        }
    };

    private static final Service<ParameterSource> PARAMETERS = new Service<>("SSM", SSM_CLIENT, "ssm", "parameters") {
        @Override
        ParameterSource extension(ExtensionClient ext) {
            return ext;
        }

        @Override
        ParameterSource withFallback(ExtensionClient ext, Object client, String region, Diagnostics diagnostics) {
            return new FallbackSources.Parameters(ext, () -> SdkSources.parameters(client, region), diagnostics);
        }

        @Override
        ParameterSource sdk(Object client, String region) {
            return SdkSources.parameters(client, region);
        }
    };

    private static <S> S choose(SecretsConfig s, Object client, Path extensionsDir, ConfigurationException.Problems problems,
                                Service<S> service) {
        ProviderKind kind = decide(s, extensionsDir);
        String region = s.env().region().orElse(null);
        if (kind == ProviderKind.EXTENSION) {
            ExtensionClient ext = extension(s);
            if (!s.fallbackToSdk()) {
                return service.extension(ext);
            }
            if (!checkSdk(service, client != null, s, "The fallback to the SDK (" + SecretsVariables.LAMBDAKIT_SECRETS_FALLBACK_TO_SDK
                    + " / fallbackToSdk)", problems)) {
                return null;
            }
            return service.withFallback(ext, client, region, Diagnostics.standardError(RestoreHook.LOGGER, s.environment()));
        }
        String why = s.provider() == ProviderKind.AUTO
                ? "The Parameters and Secrets extension was not detected (" + Environment.AWS_SESSION_TOKEN + " unset, or neither "
                        + SecretsVariables.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT + " nor its layer in /opt/extensions), so reading "
                        + service.what
                : "The SDK provider";
        if (!checkSdk(service, client != null, s, why, problems)) {
            return null;
        }
        return service.sdk(client, region);
    }
}
