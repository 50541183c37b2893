package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

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
class QueueHandlerIT {

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
    void batch_underTheRuntimeClient_reportsThePoisonMessageAndWritesConformingOutput() {
        SQSEvent event = Events.sqs().queue("tasks")
                .message(m -> m.id("good").body("{\"taskId\":\"it-1\",\"action\":\"resize\"}"))
                .message(m -> m.id("poison").body("this is not JSON"))
                .build();

        InvocationResult result = function.invoke(event);

        assertThat(result.responseAs(SQSBatchResponse.class).getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("poison");
        assertThat(result.logLines()).anyMatch(line -> line.path("message").asText().equals("processed task it-1 (resize)")
                && line.path("service").asText().equals("${serviceName}"));
        assertThat(result.emfBlobs()).anyMatch(blob -> blob.has("TaskProcessed"));
        assertThat(result.segments()).isNotEmpty();
        result.assertConformant();
    }
#if( $idempotency == "true" )

    @Test
    void redeliveredTask_underTheRuntimeClient_isProcessedOnce() {
        SQSEvent event = Events.sqs().queue("tasks").message("{\"taskId\":\"it-2\",\"action\":\"resize\"}").build();

        InvocationResult first = function.invoke(event);
        InvocationResult redelivery = function.invoke(event);

        assertThat(first.logLines()).anyMatch(line -> line.path("message").asText().equals("processed task it-2 (resize)"));
        assertThat(redelivery.logLines()).noneMatch(line -> line.path("message").asText().startsWith("processed task it-2"));
        assertThat(redelivery.responseAs(SQSBatchResponse.class).getBatchItemFailures()).isEmpty();
    }
#end
}
