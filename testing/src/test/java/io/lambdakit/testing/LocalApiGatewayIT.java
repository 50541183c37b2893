package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Json;
import io.lambdakit.testing.standins.ApiHandler;
import io.lambdakit.testing.standins.HttpApiHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** LocalApiGateway over real HTTP on loopback, in front of functions under the real runtime client. */
class LocalApiGatewayIT {

    private static LocalFunction api;
    private static LocalFunction httpApi;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startFunctions() {
        api = LocalFunction.builder().handler(ApiHandler.class).functionName("orders-api").start();
        httpApi = LocalFunction.builder().handler(HttpApiHandler.class).functionName("items-api").start();
    }

    @AfterAll
    static void stopFunctions() {
        api.close();
        httpApi.close();
    }

    @Test
    void route_withPathParameterAndQuery_invokesWithTheRestProxyEventAndAnswersItsResponse() throws Exception {
        try (LocalApiGateway gateway = LocalApiGateway.builder().route("GET", "/orders/{id}", api).start()) {

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.endpoint().resolve("/orders/o%2D7?verbose=yes&x=1"))
                    .header("Idempotency-Key", "k-1").GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Handled-By")).hasValue("orders-api");
            JsonNode echo = Json.mapper().readTree(response.body());
            assertThat(echo.path("httpMethod").asText()).isEqualTo("GET");
            assertThat(echo.path("resource").asText()).isEqualTo("/orders/{id}");
            assertThat(echo.path("pathParameters").path("id").asText()).isEqualTo("o-7");
            assertThat(echo.path("queryStringParameters")).isEqualTo(Json.mapper().readTree("{\"verbose\":\"yes\",\"x\":\"1\"}"));
            assertThat(echo.path("idempotencyKey").asText()).isEqualTo("k-1");
            assertThat(echo.path("stage").asText()).isEqualTo("Prod");
            assertThat(echo.path("requestContextPath").asText()).isEqualTo("/Prod/orders/o%2D7");
            assertThat(gateway.exchanges()).singleElement().satisfies(e -> {
                assertThat(e.status()).isEqualTo(200);
                assertThat(e.invocation().succeeded()).isTrue();
            });
        }
    }

    @Test
    void routes_fromTheTemplatesApiEvents_serveEachMethodAndPath() throws Exception {
        SamTemplate template = SamTemplate.read(SamTemplateTest.TEMPLATE);

        try (LocalApiGateway gateway = LocalApiGateway.builder().routes(template.function("ApiFunction"), api).start()) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(gateway.endpoint().resolve("/orders/created"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(gateway.endpoint().resolve("/orders"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"A1\"}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(posted.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readTree(posted.body()).path("body").asText()).isEqualTo("{\"sku\":\"A1\"}");
        }
    }

    @Test
    void failedInvocation_answers502InternalServerError() throws Exception {
        try (LocalApiGateway gateway = LocalApiGateway.builder().route("ANY", "/orders/{id}", api).start()) {

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.endpoint().resolve("/orders/fail")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).isEqualTo("{\"message\": \"Internal server error\"}");
            assertThat(gateway.exchanges().get(0).invocation().error()).hasValueSatisfying(
                    e -> assertThat(e.errorMessage()).isEqualTo("failing on purpose"));
        }
    }

    @Test
    void responseWithoutStatusCode_fromARestIntegration_answers502() throws Exception {
        try (LocalApiGateway gateway = LocalApiGateway.builder().route("GET", "/items", httpApi).start()) {

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.endpoint().resolve("/items")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(gateway.exchanges().get(0).invocation().succeeded()).isTrue();
        }
    }

    @Test
    void unknownRoute_answers403MissingAuthenticationToken_withoutInvoking() throws Exception {
        try (LocalApiGateway gateway = LocalApiGateway.builder().route("POST", "/orders", api).start()) {

            HttpResponse<String> wrongPath = http.send(HttpRequest.newBuilder(gateway.endpoint().resolve("/order")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(gateway.endpoint().resolve("/orders")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(List.of(wrongPath.statusCode(), wrongMethod.statusCode())).containsExactly(403, 403);
            assertThat(wrongPath.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
            assertThat(gateway.exchanges()).allSatisfy(e -> assertThat(e.invocation()).isNull());
        }
    }

    @Test
    void httpApi_plainObjectResponse_answers200WithItAsJson_andUnknownRoute404() throws Exception {
        try (LocalApiGateway gateway = LocalApiGateway.builder().format(LocalApiGateway.PayloadFormat.HTTP_API)
                .route("GET", "/items/{proxy+}", httpApi).start()) {

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.endpoint().resolve("/items/a/b?q=1"))
                    .header("Cookie", "s=1; t=2").GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(gateway.endpoint().resolve("/nothing")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode echo = Json.mapper().readTree(response.body());
            assertThat(echo.path("version").asText()).isEqualTo("2.0");
            assertThat(echo.path("routeKey").asText()).isEqualTo("GET /items/{proxy+}");
            assertThat(echo.path("pathParameters").path("proxy").asText()).isEqualTo("a/b");
            assertThat(echo.path("queryStringParameters").path("q").asText()).isEqualTo("1");
            assertThat(echo.path("cookies")).hasSize(2);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("{\"message\":\"Not Found\"}");
        }
    }

    @Test
    void backendRoute_answersFromLocalCode() throws Exception {
        try (LocalApiGateway gateway = LocalApiGateway.builder()
                .route("POST", "/payments", r -> new LocalApiGateway.Response(202, Map.of(), "{\"queued\":" + r.body() + "}"))
                .start()) {

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/payments"))
                    .POST(HttpRequest.BodyPublishers.ofString("1")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).isEqualTo("{\"queued\":1}");
        }
    }

    @Test
    void start_invalidRoutes_reportsEveryProblem() {
        SamTemplate template = SamTemplate.read(SamTemplateTest.TEMPLATE);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> LocalApiGateway.builder()
                .route("GET", "orders", api).routes(template.function("QueueFunction"), api).port(-1).start());

        assertThat(e.problems()).containsExactly("route GET orders: the path must start with /",
                "QueueFunction has no event of Type Api; route(method, path, function) routes it yourself, or"
                        + " format(PayloadFormat.HTTP_API) for HttpApi events",
                "port was -1 but it must be 1 to 65535, or 0 for a free one");
    }
}
