package io.lambdakit.examples.orders;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import io.lambdakit.batch.BatchProcessor;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;
import io.lambdakit.idempotency.DynamoDbIdempotencyStore;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.logging.LambdaLogging;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.tracing.Tracer;
import io.lambdakit.tracing.Tracing;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Consumes payment confirmations from the payments queue (an SQS event source with
 * {@code ReportBatchItemFailures}) and marks each order paid. Every message is processed on its own:
 * a message that cannot be applied (not JSON, unknown order, wrong amount) fails alone, is reported
 * in {@code batchItemFailures}, retried by SQS and, after three receives, moved to the dead-letter
 * queue; the others are deleted. A redelivered confirmation (same {@code paymentId}) is applied once.
 *
 * <p>This handler shows lambdakit's plain API (no AspectJ needed for any of it): {@link LambdaLogging},
 * {@link Metrics#execute}, {@link Idempotency#execute} per message and {@link BatchProcessor};
 * and one annotation, {@code @Tracing} on the handler.
 */
public final class ProcessOrders {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessOrders.class);

    private final LambdaLogging logging;
    private final Metrics metrics;
    private final Idempotency idempotency;
    private final BatchProcessor<SQSEvent, SQSBatchResponse> batch;
    private final OrderStore orders;
    private final Clock clock;

    /** Lambda's constructor: settings from the environment, clients created now (and snapshotted by SnapStart). */
    public ProcessOrders() {
        this(ExecutionEnvironment.current(), AwsClients.dynamoDb(ExecutionEnvironment.current().environment()));
    }

    /**
     * @param lambda   the execution environment (its environment variables, clock and SnapStart lifecycle)
     * @param dynamoDb the DynamoDB client for the orders and idempotency tables
     */
    public ProcessOrders(ExecutionEnvironment lambda, DynamoDbClient dynamoDb) {
        OrdersSettings settings = OrdersSettings.forProcessOrders(lambda.environment());
        this.orders = new OrderStore(dynamoDb, settings.ordersTable());
        this.clock = lambda.clock();
        // docs:begin plain-api-setup
        this.logging = LambdaLogging.builder().logger(ProcessOrders.class).build();
        this.metrics = Metrics.builder().captureColdStart(true).executionEnvironment(lambda).build();
        // a payment is applied once per paymentId, and a paymentId must always carry the same order and amount
        this.idempotency = Idempotency.builder()
                .store(DynamoDbIdempotencyStore.builder()
                        .tableName(settings.idempotencyTable())
                        .client(dynamoDb)
                        .environment(lambda.environment())
                        .build())
                .eventKeyJmesPath("paymentId")
                .payloadValidationJmesPath("[orderId, amountCents]")
                .executionEnvironment(lambda)
                .build();
        this.batch = BatchProcessor.sqs()
                .handler(PaymentConfirmation.class, (payment, context) -> pay(payment, context))
                .onFailure((message, failure) -> {
                    LOG.warn("payment message {} failed ({}) and goes back to the queue: {}", message.getMessageId(),
                            failure.reason(), failure.cause().map(Throwable::getMessage).orElse("not processed"));
                    metrics.add("PaymentFailed", 1, MetricUnit.COUNT);
                })
                .executionEnvironment(lambda)
                .build();
        // docs:end plain-api-setup
        lambda.lifecycle().onBeforeCheckpoint("orders: ProcessOrders message path", this, handler -> {
            PaymentConfirmation sample = Json.mapper().readValue(Priming.SAMPLE_PAYMENT, PaymentConfirmation.class);
            sample.validate();
            handler.orders.markPaidRequest(sample, Instant.EPOCH);
        });
        lambda.primeBeforeCheckpoint("orders: prime ProcessOrders", context -> handleRequest(Priming.invalidPaymentBatch(), context));
    }

    /**
     * @param event   the batch of queue messages
     * @param context the Lambda context
     * @return the messages that failed, so only they are retried
     */
    @Tracing
    // docs:begin plain-api-handler
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return logging.execute(context, () -> metrics.execute(context, () -> {
            SQSBatchResponse response = batch.process(event, context);
            LOG.info("processed {} payment messages, {} failed", event.getRecords().size(),
                    response.getBatchItemFailures().size());
            return response;
        }));
    }

    private void pay(PaymentConfirmation payment, Context context) {
        payment.validate();
        PaymentRecorded recorded = idempotency.execute("markPaid", payment, context, PaymentRecorded.class, () -> {
            PaymentRecorded paid = Tracer.current().trace("markPaid",
                    () -> orders.markPaid(payment, clock.instant()));
            metrics.add("OrderPaid", 1, MetricUnit.COUNT);
            return paid;
        });
        LOG.info("order {} is paid by payment {} (at {})", recorded.orderId(), recorded.paymentId(), recorded.paidAt());
    }
    // docs:end plain-api-handler
}
