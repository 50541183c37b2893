package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
#if( $idempotency == "true" )
import org.junit.jupiter.api.extension.ExtendWith;
#end

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
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
class QueueHandlerTest {

    private QueueHandler handler;

    @BeforeEach
#if( $idempotency == "true" )
    void createHandler(DynamoDbLocal dynamoDb) {
        Environment environment = Environment.of(Map.of(
                Environment.AWS_REGION, "us-east-1",
                Environment.POWERTOOLS_SERVICE_NAME, "${serviceName}",
                QueueHandler.IDEMPOTENCY_TABLE_NAME, dynamoDb.createTable()));
        handler = new QueueHandler(ExecutionEnvironment.builder().environment(environment).build(), dynamoDb.client());
    }
#else
    void createHandler() {
        Environment environment = Environment.of(Map.of(
                Environment.AWS_REGION, "us-east-1",
                Environment.POWERTOOLS_SERVICE_NAME, "${serviceName}"));
        handler = new QueueHandler(ExecutionEnvironment.builder().environment(environment).build());
    }
#end

    @Test
    void batch_ofValidTasks_reportsNoFailure() {
        SQSEvent event = Events.sqs().queue("tasks")
                .message("{\"taskId\":\"t-1\",\"action\":\"resize\"}")
                .message("{\"taskId\":\"t-2\",\"action\":\"resize\"}")
                .build();

        SQSBatchResponse response = handler.handleRequest(event, TestContext.create());

        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void batch_withAPoisonMessage_reportsOnlyThatMessage() {
        SQSEvent event = Events.sqs().queue("tasks")
                .message(m -> m.id("good").body("{\"taskId\":\"t-3\",\"action\":\"resize\"}"))
                .message(m -> m.id("not-json").body("this is not JSON"))
                .message(m -> m.id("no-task-id").body("{\"action\":\"resize\"}"))
                .build();

        SQSBatchResponse response = handler.handleRequest(event, TestContext.create());

        assertThat(response.getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("not-json", "no-task-id");
    }
}
