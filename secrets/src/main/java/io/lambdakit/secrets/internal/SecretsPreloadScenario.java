package io.lambdakit.secrets.internal;

import com.sun.net.httpserver.HttpServer;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.spi.PreloadScenarios;
import io.lambdakit.secrets.Parameters;
import io.lambdakit.secrets.ProviderKind;
import io.lambdakit.secrets.Secrets;
import io.lambdakit.secrets.SecretsException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The synthetic hot path of lambdakit-secrets that the build records into its class list
 * ({@code io.lambdakit.core.internal.ClassListRecorder}): secrets and parameters read through the
 * Parameters and Secrets extension's HTTP protocol (served here by a loopback stand-in with
 * synthetic values), cached, transformed from JSON; then the SDK path, whose requests an
 * interceptor stops just before they would be sent.
 */
public final class SecretsPreloadScenario {

    private SecretsPreloadScenario() {
    }

    /** Stops every SDK request right before transmission. */
    private static final class StopBeforeSending implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            throw new IllegalStateException("lambdakit preload scenario: not sent");
        }
    }

    /**
     * @param args ignored
     * @throws IOException when the loopback stand-in cannot start
     */
    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(ExtensionClient.SECRETS_PATH, exchange -> reply(exchange.getResponseBody(), exchange,
                "{\"Name\":\"scenario\",\"SecretString\":\"{\\\"user\\\":\\\"scenario\\\",\\\"port\\\":5432}\",\"VersionId\":\"v1\"}"));
        server.createContext(ExtensionClient.PARAMETERS_PATH, exchange -> reply(exchange.getResponseBody(), exchange,
                "{\"Parameter\":{\"Name\":\"/scenario/p\",\"Type\":\"String\",\"Value\":\"{\\\"flag\\\":true}\",\"Version\":1}}"));
        server.start();
        try {
            Environment env = PreloadScenarios.environment(Environment.AWS_SESSION_TOKEN, "scenario-token");
            ExecutionEnvironment ee = PreloadScenarios.executionEnvironment(env);
            int port = server.getAddress().getPort();
            Secrets secrets = Secrets.builder().executionEnvironment(ee).provider(ProviderKind.EXTENSION).extensionPort(port).build();
            Parameters parameters = Parameters.builder().executionEnvironment(ee).provider(ProviderKind.EXTENSION).extensionPort(port).build();
            for (int i = 0; i < 3; i++) {
                secrets.get("scenario");
                secrets.get("scenario-" + i, Map.class);
                secrets.cached("scenario").get();
                parameters.get("/scenario/p");
                parameters.get("/scenario/p-" + i, Map.class);
                secrets.invalidateAll();
            }

            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("scenario", "scenario"));
            SecretsManagerClient sm = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).overrideConfiguration(o -> o.addExecutionInterceptor(new StopBeforeSending())).build();
            SsmClient ssm = SsmClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).overrideConfiguration(o -> o.addExecutionInterceptor(new StopBeforeSending())).build();
            Secrets sdkSecrets = Secrets.builder().executionEnvironment(ee).provider(ProviderKind.SDK).secretsManagerClient(sm).build();
            Parameters sdkParameters = Parameters.builder().executionEnvironment(ee).provider(ProviderKind.SDK).ssmClient(ssm).build();
            for (int i = 0; i < 2; i++) {
                try {
                    sdkSecrets.get("scenario-" + i);
                } catch (SecretsException | IllegalStateException expected) {
                    // marshalled and signed, then stopped before it was sent
                }
                try {
                    sdkParameters.get("/scenario/p-" + i);
                } catch (SecretsException | IllegalStateException expected) {
                    // marshalled and signed, then stopped before it was sent
                }
            }
        } finally {
            server.stop(0);
        }
    }

    private static void reply(OutputStream body, com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (body) {
            body.write(bytes);
        }
    }
}
