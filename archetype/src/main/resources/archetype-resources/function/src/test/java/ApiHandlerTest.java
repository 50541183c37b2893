package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
#if( $idempotency == "true" )
import org.junit.jupiter.api.extension.ExtendWith;
#end

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;
#if( $idempotency == "true" )
import io.lambdakit.testing.DynamoDbLocal;
#end
import io.lambdakit.testing.Events;
import io.lambdakit.testing.TestContext;

/**
 * The handler called directly, in this JVM, with lambdakit-testing's {@link TestContext} and {@link Events}#if( $idempotency == "true" ), and
 * DynamoDB Local for the idempotency records (a new table per test)#end.
 */
#if( $idempotency == "true" )
@ExtendWith(DynamoDbLocal.Extension.class)
#end
class ApiHandlerTest {

    private ApiHandler handler;

    @BeforeEach
#if( $idempotency == "true" )
    void createHandler(DynamoDbLocal dynamoDb) {
        Environment environment = Environment.of(Map.of(
                Environment.AWS_REGION, "us-east-1",
                Environment.POWERTOOLS_SERVICE_NAME, "${serviceName}",
                ApiHandler.IDEMPOTENCY_TABLE_NAME, dynamoDb.createTable()));
        handler = new ApiHandler(ExecutionEnvironment.builder().environment(environment).build(), dynamoDb.client());
    }
#else
    void createHandler() {
        Environment environment = Environment.of(Map.of(
                Environment.AWS_REGION, "us-east-1",
                Environment.POWERTOOLS_SERVICE_NAME, "${serviceName}"));
        handler = new ApiHandler(ExecutionEnvironment.builder().environment(environment).build());
    }
#end

    @Test
    void post_withAName_returns201WithTheItem() throws Exception {
        APIGatewayProxyRequestEvent event = Events.apiGatewayRest().method("POST").path("/items").body("{\"name\":\"first\"}").build();

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, TestContext.create());

        assertThat(response.getStatusCode()).isEqualTo(201);
        JsonNode item = Json.mapper().readTree(response.getBody());
        assertThat(item.path("name").asText()).isEqualTo("first");
        assertThat(item.path("id").asText()).isNotBlank();
    }

    @Test
    void post_withoutAName_returns400SayingWhatToSend() throws Exception {
        APIGatewayProxyRequestEvent event = Events.apiGatewayRest().method("POST").path("/items").body("{\"nom\":\"first\"}").build();

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, TestContext.create());

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(response.getBody()).path("message").asText())
                .isEqualTo("name is missing or not a string; send {\"name\": \"...\"}");
    }
#if( $idempotency == "true" )

    @Test
    void post_sameIdempotencyKeyTwice_returnsTheSameItem() {
        APIGatewayProxyRequestEvent event = Events.apiGatewayRest().method("POST").path("/items")
                .header(ApiHandler.IDEMPOTENCY_KEY_HEADER, "key-1").body("{\"name\":\"first\"}").build();

        APIGatewayProxyResponseEvent first = handler.handleRequest(event, TestContext.create());
        APIGatewayProxyResponseEvent retry = handler.handleRequest(event, TestContext.create());

        assertThat(first.getStatusCode()).isEqualTo(201);
        assertThat(retry.getStatusCode()).isEqualTo(201);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
    }

    @Test
    void post_sameIdempotencyKeyWithAnotherBody_returns422() {
        Events.ApiGatewayRestBuilder request = Events.apiGatewayRest().method("POST").path("/items")
                .header(ApiHandler.IDEMPOTENCY_KEY_HEADER, "key-2");
        handler.handleRequest(request.body("{\"name\":\"first\"}").build(), TestContext.create());

        APIGatewayProxyResponseEvent reused = handler.handleRequest(request.body("{\"name\":\"second\"}").build(),
                TestContext.create());

        assertThat(reused.getStatusCode()).isEqualTo(422);
    }
#end
}
