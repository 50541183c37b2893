#if( $style == "annotations" )#set( $metrics = "Metrics.current()" )#{else}#set( $metrics = "metrics" )#end
package ${package};

#if( $idempotency == "true" )
import java.time.Duration;
#end

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import io.lambdakit.batch.BatchProcessor;
#if( $idempotency == "true" )
import io.lambdakit.core.ConfigurationException;
#end
import io.lambdakit.core.ExecutionEnvironment;
#if( $idempotency == "true" )
import io.lambdakit.idempotency.DynamoDbIdempotencyStore;
import io.lambdakit.idempotency.Idempotency;
#if( $style == "annotations" )
import io.lambdakit.idempotency.Idempotent;
#end
#end
#if( $style == "annotations" )
import io.lambdakit.logging.Logging;
import io.lambdakit.metrics.FlushMetrics;
#else
import io.lambdakit.logging.LambdaLogging;
#end
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;
#if( $style == "annotations" )
import io.lambdakit.tracing.Tracing;
#else
import io.lambdakit.tracing.Tracer;
#end
#if( $idempotency == "true" )
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
#end

/**
 * Consumes an SQS queue with partial batch responses ({@code ReportBatchItemFailures}): each message
 * ({@code {"taskId": "...", "action": "..."}}) is processed on its own; one that fails (not JSON, no {@code taskId},
 * your code throws) is reported in {@code batchItemFailures} and only it goes back to the queue, to be retried and,
 * after three receives, moved to the dead-letter queue.
#if( $idempotency == "true" )
 * A redelivered task (same {@code taskId}) is processed once: the records live in the DynamoDB table named by
 * {@code IDEMPOTENCY_TABLE_NAME}.
#end
 *
#if( $style == "annotations" )
 * <p>lambdakit's annotations, woven at compile time by aspectj-maven-plugin: {@code @Logging}, {@code @Tracing},
 * {@code @FlushMetrics}#if( $idempotency == "true" ) and {@code @Idempotent} on {@code process}#end; the batch runs
 * through {@link BatchProcessor}, which has no annotation.
#else
 * <p>lambdakit's plain API, no weaving: {@link LambdaLogging}, {@link Tracer}, {@link Metrics}#if( $idempotency == "true" ),
 * {@link Idempotency}#end and {@link BatchProcessor}.
#end
 */
public final class QueueHandler {

#if( $idempotency == "true" )
    /** The variable naming the idempotency table (template.yaml and the CDK stack set it). */
    public static final String IDEMPOTENCY_TABLE_NAME = "IDEMPOTENCY_TABLE_NAME";
    /** How long a task id is remembered: longer than the queue keeps a message (4 days). */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofDays(5);

#end
    private static final Logger LOG = LoggerFactory.getLogger(QueueHandler.class);

#if( $style == "plain" )
    private final LambdaLogging logging;
    private final Tracer tracer;
    private final Metrics metrics;
#if( $idempotency == "true" )
    private final Idempotency idempotency;
#end
#end
    private final BatchProcessor<SQSEvent, SQSBatchResponse> batch;

    /** Lambda's constructor: configuration from the environment, clients created now (SnapStart snapshots them). */
    public QueueHandler() {
#if( $idempotency == "true" )
        this(ExecutionEnvironment.current(), null);
#else
        this(ExecutionEnvironment.current());
#end
    }

    /**
     * @param lambda   the execution environment: its variables, clock and SnapStart lifecycle
#if( $idempotency == "true" )
     * @param dynamoDb the client of the idempotency table, or null for lambdakit's default one (region and
     *                 credentials from the environment, endpoint from the SDK's {@code AWS_ENDPOINT_URL_DYNAMODB})
#end
     */
#if( $idempotency == "true" )
    QueueHandler(ExecutionEnvironment lambda, DynamoDbClient dynamoDb) {
        String table = lambda.environment().get(IDEMPOTENCY_TABLE_NAME).orElse("");
        ConfigurationException.problems("${serviceName}")
                .require(!table.isBlank(), IDEMPOTENCY_TABLE_NAME + " is not set; set it to the idempotency table's name"
                        + " (template.yaml and the CDK stack do)")
                .throwIfAny();
        DynamoDbIdempotencyStore.Builder store = DynamoDbIdempotencyStore.builder()
                .tableName(table)
                .environment(lambda.environment());
        if (dynamoDb != null) {
            store.client(dynamoDb);
        }
#if( $style == "annotations" )
        // the instance @Idempotent methods use: one run per taskId
        Idempotency.install(Idempotency.builder()
                .store(store.build())
                .eventKeyJmesPath("taskId")
                .expiration(IDEMPOTENCY_WINDOW)
                .executionEnvironment(lambda)
                .build());
#else
        this.idempotency = Idempotency.builder()
                .store(store.build())
                .eventKeyJmesPath("taskId")
                .expiration(IDEMPOTENCY_WINDOW)
                .executionEnvironment(lambda)
                .build();
#end
#else
    QueueHandler(ExecutionEnvironment lambda) {
#end
#if( $style == "plain" )
        this.logging = LambdaLogging.builder().logger(QueueHandler.class).build();
        this.tracer = Tracer.current();
        this.metrics = Metrics.builder().captureColdStart(true).executionEnvironment(lambda).build();
#end
        this.batch = BatchProcessor.sqs()
#if( $style == "annotations" || $idempotency != "true" )
                .handler(Task.class, (task, context) -> process(task))
#else
                .handler(Task.class, (task, context) -> idempotency.execute("process", task, context, TaskResult.class,
                        () -> process(task)))
#end
                // lambdakit-batch logs each failed message (with its error) at ERROR; count them too
                .onFailure((message, failure) -> ${metrics}.add("TaskFailed", 1, MetricUnit.COUNT))
                .executionEnvironment(lambda)
                .build();
    }

    /**
     * @param event   the messages SQS delivered
     * @param context the Lambda context
     * @return the ids of the messages that failed, which SQS delivers again
     */
#if( $style == "annotations" )
    @Logging
    @Tracing
    @FlushMetrics(captureColdStart = true)
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        SQSBatchResponse response = batch.process(event, context);
        LOG.info("processed {} messages, {} failed", event.getRecords().size(), response.getBatchItemFailures().size());
        return response;
    }
#else
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return logging.execute(context, () -> tracer.execute(context, () -> metrics.execute(context, () -> {
            SQSBatchResponse response = batch.process(event, context);
            LOG.info("processed {} messages, {} failed", event.getRecords().size(), response.getBatchItemFailures().size());
            return response;
        })));
    }
#end

    /**
     * Processes one task#if( $idempotency == "true" ), once per {@code taskId}: a repeat returns the stored result without running#end.
     *
     * @param task the message's body
     * @return what was done
     */
#if( $style == "annotations" && $idempotency == "true" )
    @Idempotent(name = "process")
#end
    TaskResult process(Task task) {
        if (task.taskId() == null || task.taskId().isBlank()) {
            throw new IllegalArgumentException("taskId is missing; send {\"taskId\": \"...\", \"action\": \"...\"}");
        }
        // your logic here
        ${metrics}.add("TaskProcessed", 1, MetricUnit.COUNT);
        LOG.info("processed task {} ({})", task.taskId(), task.action());
        return new TaskResult(task.taskId(), "done");
    }

    /**
     * A message's body.
     *
     * @param taskId the task's id, required#if( $idempotency == "true" ) (the idempotency key)#end
     * @param action what to do
     */
    public record Task(String taskId, String action) {
    }

    /**
     * What processing a task gave#if( $idempotency == "true" ) (stored with its idempotency record)#end.
     *
     * @param taskId the task's id
     * @param status its outcome
     */
    public record TaskResult(String taskId, String status) {
    }
}
