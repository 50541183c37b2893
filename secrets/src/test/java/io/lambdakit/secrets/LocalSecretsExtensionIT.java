package io.lambdakit.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.testing.LocalSecretsExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped stand-in's protocol, seen by a plain HTTP client (as any user's client of the extension sees it). */
class LocalSecretsExtensionIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LocalSecretsExtension extension;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (extension != null) {
            extension.close();
        }
    }

    private HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(extension.endpoint() + pathAndQuery)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("X-Aws-Parameters-Secrets-Token", token);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void secret_answersTheGetSecretValueJson() throws Exception {
        extension = LocalSecretsExtension.builder().token("t0k").region("eu-west-1").secret("prod/db", "value").start();

        HttpResponse<String> r = get("/secretsmanager/get?secretId=" + q("prod/db"), "t0k");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(r.body());
        assertThat(body.get("Name").asText()).isEqualTo("prod/db");
        assertThat(body.get("SecretString").asText()).isEqualTo("value");
        assertThat(body.get("ARN").asText()).startsWith("arn:aws:secretsmanager:eu-west-1:");
        assertThat(body.get("VersionStages")).extracting(JsonNode::asText).containsExactly("AWSCURRENT");
        assertThat(body.get("VersionId").asText()).isNotBlank();
    }

    @Test
    void missingOrWrongToken_is403_andTheTokenIsNeverRecorded() throws Exception {
        extension = LocalSecretsExtension.builder().token("t0k").secret("s", "v").start();

        assertThat(get("/secretsmanager/get?secretId=s", null).statusCode()).isEqualTo(403);
        assertThat(get("/secretsmanager/get?secretId=s", "wrong").statusCode()).isEqualTo(403);

        assertThat(extension.requests()).hasSize(2).allSatisfy(req -> assertThat(req.tokenAccepted()).isFalse());
        assertThat(extension.requests().toString()).doesNotContain("wrong");
    }

    @Test
    void unknownSecretOrParameter_is400WithTheServiceErrorType() throws Exception {
        extension = LocalSecretsExtension.builder().start();

        HttpResponse<String> secret = get("/secretsmanager/get?secretId=none", extension.token());
        HttpResponse<String> parameter = get("/systemsmanager/parameters/get?name=%2Fnone", extension.token());

        assertThat(secret.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(secret.body()).get("__type").asText()).isEqualTo("ResourceNotFoundException");
        assertThat(parameter.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(parameter.body()).get("__type").asText()).isEqualTo("ParameterNotFound");
    }

    @Test
    void unknownPath_is404_andPost_is405() throws Exception {
        extension = LocalSecretsExtension.builder().start();

        assertThat(get("/other", extension.token()).statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(extension.endpoint() + "/secretsmanager/get?secretId=a"))
                .header("X-Aws-Parameters-Secrets-Token", extension.token()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void secureParameter_isCiphertextWithoutDecryption() throws Exception {
        extension = LocalSecretsExtension.builder().secureParameter("/k", "plain").start();

        JsonNode encrypted = MAPPER.readTree(get("/systemsmanager/parameters/get?name=%2Fk", extension.token()).body());
        JsonNode decrypted = MAPPER.readTree(get("/systemsmanager/parameters/get?name=%2Fk&withDecryption=true", extension.token()).body());

        assertThat(encrypted.at("/Parameter/Value").asText()).isNotEqualTo("plain").doesNotContain("plain");
        assertThat(encrypted.at("/Parameter/Type").asText()).isEqualTo("SecureString");
        assertThat(decrypted.at("/Parameter/Value").asText()).isEqualTo("plain");
        assertThat(decrypted.at("/Parameter/Version").asLong()).isEqualTo(1);
    }

    @Test
    void rotation_movesStages() throws Exception {
        extension = LocalSecretsExtension.builder().secret("s", "one").start();
        String second = extension.putSecret("s", "two");
        extension.putSecret("s", "three");

        JsonNode current = MAPPER.readTree(get("/secretsmanager/get?secretId=s", extension.token()).body());
        JsonNode previous = MAPPER.readTree(get("/secretsmanager/get?secretId=s&versionStage=AWSPREVIOUS", extension.token()).body());
        JsonNode byId = MAPPER.readTree(get("/secretsmanager/get?secretId=s&versionId=" + second, extension.token()).body());

        assertThat(current.get("SecretString").asText()).isEqualTo("three");
        assertThat(previous.get("SecretString").asText()).isEqualTo("two");
        assertThat(byId.get("SecretString").asText()).isEqualTo("two");
    }

    @Test
    void jsonFile_loadsSecretsAndParametersOfEveryForm() throws Exception {
        Path file = dir.resolve("values.json");
        Files.writeString(file, """
                {
                  "secrets": {
                    "text": "plain",
                    "object": {"user": "app", "port": 5432},
                    "explicit": {"SecretString": "s"},
                    "cert": {"SecretBinary": "AAEC/w=="}
                  },
                  "parameters": {
                    "/p/plain": "v",
                    "/p/secure": {"Value": "k", "Type": "SecureString"}
                  }
                }
                """);
        extension = LocalSecretsExtension.builder().json(file).start();
        String t = extension.token();

        assertThat(MAPPER.readTree(get("/secretsmanager/get?secretId=text", t).body()).get("SecretString").asText()).isEqualTo("plain");
        assertThat(MAPPER.readTree(MAPPER.readTree(get("/secretsmanager/get?secretId=object", t).body()).get("SecretString").asText()))
                .isEqualTo(MAPPER.readTree("{\"user\":\"app\",\"port\":5432}"));
        assertThat(MAPPER.readTree(get("/secretsmanager/get?secretId=explicit", t).body()).get("SecretString").asText()).isEqualTo("s");
        assertThat(Base64.getDecoder().decode(MAPPER.readTree(get("/secretsmanager/get?secretId=cert", t).body()).get("SecretBinary").asText()))
                .containsExactly(0, 1, 2, 255);
        assertThat(MAPPER.readTree(get("/systemsmanager/parameters/get?name=%2Fp%2Fplain", t).body()).at("/Parameter/Value").asText()).isEqualTo("v");
        assertThat(MAPPER.readTree(get("/systemsmanager/parameters/get?name=%2Fp%2Fsecure&withDecryption=true", t).body())
                .at("/Parameter/Type").asText()).isEqualTo("SecureString");
    }

    @Test
    void jsonFile_withUnknownTopLevelField_isRefused() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"secret\": {}}");

        assertThatThrownBy(() -> LocalSecretsExtension.builder().json(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'secret'");
    }

    @Test
    void maps_andEnvironment() throws Exception {
        extension = LocalSecretsExtension.builder().secrets(Map.of("a", "1")).parameters(Map.of("/b", "2")).start();

        assertThat(extension.environment()).containsEntry("AWS_SESSION_TOKEN", extension.token())
                .containsEntry("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(extension.port()));
        assertThat(get("/secretsmanager/get?secretId=a", extension.token()).statusCode()).isEqualTo(200);
        assertThat(get("/systemsmanager/parameters/get?name=%2Fb", extension.token()).statusCode()).isEqualTo(200);
        assertThat(extension.requestCount("a")).isEqualTo(1);
        assertThat(extension.toString()).doesNotContain(extension.token());
    }

    @Test
    void faults_areInjectedAndCleared() throws Exception {
        extension = LocalSecretsExtension.builder().secret("s", "v").start();
        extension.fail("s", 500, "{\"__type\":\"InternalFailure\"}");
        assertThat(get("/secretsmanager/get?secretId=s", extension.token()).statusCode()).isEqualTo(500);
        extension.notReady(1);
        HttpResponse<String> notReady = get("/secretsmanager/get?secretId=s", extension.token());

        extension.clearFaults();

        assertThat(notReady.statusCode()).isEqualTo(400);
        assertThat(notReady.body()).contains("not ready");
        assertThat(get("/secretsmanager/get?secretId=s", extension.token()).statusCode()).isEqualTo(200);
    }
}
