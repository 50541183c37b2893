package io.lambdakit.examples.orders;

import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

/**
 * SnapStart priming. With {@code SnapStart: ApplyOn: PublishedVersions}, Lambda initialises the
 * function when a version is published, runs the before-checkpoint hooks, snapshots the JVM and
 * later restores environments from that snapshot. Whatever runs before the snapshot (JSON parsing
 * of a sample request, the response writers, DynamoDB request marshalling, the HMAC provider, and
 * the handler itself with lambdakit's logging, tracing and metrics around it) is loaded and
 * compiled in the snapshot, so the first request after a restore does not pay for it.
 *
 * <p>Each handler registers two things in its constructor, which runs at init: a hook that builds
 * the requests of its happy path without sending them, and a call of the handler itself with an
 * event that fails validation ({@code ExecutionEnvironment.primeBeforeCheckpoint}), during which
 * lambdakit writes no log line, EMF blob or trace segment. Nothing touches anything outside the
 * JVM: no network call, no secret read (a secret in a snapshot would outlive its rotation;
 * lambdakit-secrets also empties its cache after a restore), no order or idempotency record
 * written. lambdakit reports how long each hook took in one line before the checkpoint.
 */
final class Priming {

    /** A valid order, parsed by the priming hook. */
    static final String SAMPLE_ORDER = "{\"customerId\":\"primer\",\"currency\":\"EUR\","
            + "\"items\":[{\"sku\":\"primer\",\"quantity\":1,\"unitPriceCents\":100}]}";
    /** A valid payment confirmation, parsed by the priming hook. */
    static final String SAMPLE_PAYMENT = "{\"orderId\":\"primer\",\"paymentId\":\"primer\",\"amountCents\":100}";

    private Priming() {
    }

    /** @return an order request whose body fails validation: its 400 path runs every aspect and writes nothing */
    static APIGatewayProxyRequestEvent invalidOrderRequest() {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPath("/orders")
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"customerId\":\"primer\",\"currency\":\"EUR\",\"items\":[]}");
    }

    /** @return a batch of one payment confirmation that fails validation before any table is read */
    static SQSEvent invalidPaymentBatch() {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("primer");
        message.setEventSource("aws:sqs");
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setBody("{\"orderId\":\"primer\",\"paymentId\":\"primer\",\"amountCents\":0}");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }
}
