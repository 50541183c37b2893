package io.lambdakit.secrets.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
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
        if (env.get(SecretsSettings.EXTENSION_PORT).isPresent()) {
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

    private static ProviderKind decide(SecretsSettings.Resolved s, Path extensionsDir) {
        if (s.provider() != ProviderKind.AUTO) {
            return s.provider();
        }
        return extensionDetected(s.env(), extensionsDir) ? ProviderKind.EXTENSION : ProviderKind.SDK;
    }

    private static ExtensionClient extension(SecretsSettings.Resolved s) {
        return new ExtensionClient(s.port(), s.connectTimeout(), s.readTimeout(), s.env().sessionToken().orElse(null), Thread::sleep);
    }

    private static boolean checkSdk(String service, String clientClass, String artifact, boolean clientGiven, SecretsSettings.Resolved s,
                                    String why, ConfigurationException.Problems problems) {
        boolean ok = true;
        if (!present(clientClass)) {
            problems.add(why + " needs the AWS SDK for " + service + ", which is not on the classpath; add the dependency "
                    + "software.amazon.awssdk:" + artifact + " (with url-connection-client), or use the extension "
                    + "(LAMBDAKIT_SECRETS_PROVIDER=extension and the Parameters and Secrets layer)");
            return false;
        }
        if (!clientGiven) {
            if (!present(URL_CONNECTION_CLIENT)) {
                problems.add(why + " builds its " + service + " client on url-connection-client, which is not on the classpath; add "
                        + "software.amazon.awssdk:url-connection-client, or pass your own client to the builder");
                ok = false;
            }
            Optional<String> region = s.env().region();
            if (region.isEmpty()) {
                problems.add(why + " needs a region for its " + service + " client, but AWS_REGION is not set; set AWS_REGION "
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
    public static SecretSource secrets(SecretsSettings.Resolved s, Object client, Path extensionsDir,
                                       ConfigurationException.Problems problems) {
        ProviderKind kind = decide(s, extensionsDir);
        String region = s.env().region().orElse(null);
        if (kind == ProviderKind.EXTENSION) {
            ExtensionClient ext = extension(s);
            if (!s.fallbackToSdk()) {
                return ext;
            }
            if (!checkSdk("Secrets Manager", SECRETS_MANAGER_CLIENT, "secretsmanager", client != null, s,
                    "The fallback to the SDK (LAMBDAKIT_SECRETS_FALLBACK_TO_SDK / fallbackToSdk)", problems)) {
                return null;
            }
            return new FallbackSources.Secrets(ext, () -> SdkSources.secrets(client, region));
        }
        String why = s.provider() == ProviderKind.AUTO
                ? "The Parameters and Secrets extension was not detected (AWS_SESSION_TOKEN unset, or neither "
                        + "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT nor its layer in /opt/extensions), so reading secrets"
                : "The SDK provider";
        if (!checkSdk("Secrets Manager", SECRETS_MANAGER_CLIENT, "secretsmanager", client != null, s, why, problems)) {
            return null;
        }
        return SdkSources.secrets(client, region);
    }

    /**
     * @param s             the settings
     * @param client        a user's SsmClient, or null
     * @param extensionsDir where to look for the extension in AUTO mode
     * @param problems      where to report problems
     * @return the source, or null when there were problems
     */
    public static ParameterSource parameters(SecretsSettings.Resolved s, Object client, Path extensionsDir,
                                             ConfigurationException.Problems problems) {
        ProviderKind kind = decide(s, extensionsDir);
        String region = s.env().region().orElse(null);
        if (kind == ProviderKind.EXTENSION) {
            ExtensionClient ext = extension(s);
            if (!s.fallbackToSdk()) {
                return ext;
            }
            if (!checkSdk("SSM", SSM_CLIENT, "ssm", client != null, s,
                    "The fallback to the SDK (LAMBDAKIT_SECRETS_FALLBACK_TO_SDK / fallbackToSdk)", problems)) {
                return null;
            }
            return new FallbackSources.Parameters(ext, () -> SdkSources.parameters(client, region));
        }
        String why = s.provider() == ProviderKind.AUTO
                ? "The Parameters and Secrets extension was not detected (AWS_SESSION_TOKEN unset, or neither "
                        + "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT nor its layer in /opt/extensions), so reading parameters"
                : "The SDK provider";
        if (!checkSdk("SSM", SSM_CLIENT, "ssm", client != null, s, why, problems)) {
            return null;
        }
        return SdkSources.parameters(client, region);
    }
}
