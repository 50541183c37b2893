package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

#if( $idempotency == "true" )
import io.lambdakit.testing.DynamoDbLocal;
#end
import io.lambdakit.testing.Events;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;

/**
 * The function as Lambda runs it: the real runtime interface client in a child JVM, Lambda's environment and JVM
 * flags, the runtime's serializer; its log lines, EMF metrics and X-Ray segments captured per invocation#if( $idempotency == "true" ), and
 * DynamoDB Local for the idempotency table#end. One execution environment for the class, as in Lambda.
 */
class ApiHandlerIT {

#if( $idempotency == "true" )
    private static DynamoDbLocal dynamoDb;
#end
    private static LocalFunction function;

    @BeforeAll
    static void start() {
#if( $idempotency == "true" )
        dynamoDb = DynamoDbLocal.start();
        function = LocalInvoke.function(dynamoDb, dynamoDb.createTable()).start();
#else
        function = LocalInvoke.function().start();
#end
    }

    @AfterAll
    static void stop() {
        function.close();
#if( $idempotency == "true" )
        dynamoDb.close();
#end
    }

    @Test
    void post_underTheRuntimeClient_returns201AndWritesConformingLogsMetricsAndSegments() {
        APIGatewayProxyRequestEvent event = Events.apiGatewayRest().method("POST").path("/items")
                .header("Idempotency-Key", "it-1").body("{\"name\":\"first\"}").build();

        InvocationResult result = function.invoke(event);

        assertThat(result.responseAs(APIGatewayProxyResponseEvent.class).getStatusCode()).isEqualTo(201);
        assertThat(result.logLines()).anyMatch(line -> line.path("message").asText().startsWith("created item")
                && line.path("service").asText().equals("${serviceName}"));
        assertThat(result.emfBlobs()).anyMatch(blob -> blob.has("ItemCreated"));
        assertThat(result.segments()).isNotEmpty();
        result.assertConformant();
    }
#if( $idempotency == "true" )

    @Test
    void post_retriedWithTheSameKey_returnsTheStoredResponse() {
        APIGatewayProxyRequestEvent event = Events.apiGatewayRest().method("POST").path("/items")
                .header("Idempotency-Key", "it-2").body("{\"name\":\"second\"}").build();

        InvocationResult first = function.invoke(event);
        InvocationResult retry = function.invoke(event);

        assertThat(retry.responseAs(APIGatewayProxyResponseEvent.class).getBody())
                .isEqualTo(first.responseAs(APIGatewayProxyResponseEvent.class).getBody());
        assertThat(retry.emfBlobs()).noneMatch(blob -> blob.has("ItemCreated"));
    }
#end
}
