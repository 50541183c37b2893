package io.lambdakit.testing.sample;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Deterministic handlers of every shape the runtime supports, for the parity test. */
public final class ParityHandlers {

    private ParityHandlers() {
    }

    /** SQS batch with partial failures: bodies equal to "fail" are reported. */
    public static class Sqs implements RequestHandler<SQSEvent, SQSBatchResponse> {
        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage m : event.getRecords()) {
                if (m.getBody().equals("fail")) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        }
    }

    /** REST API proxy: echoes method, path and body length; rejects DELETE with an exception. */
    public static class Api implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
        @Override
        public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
            if ("DELETE".equals(request.getHttpMethod())) {
                throw new UnsupportedOperationException("DELETE " + request.getPath() + " is not allowed");
            }
            return new APIGatewayProxyResponseEvent().withStatusCode(201)
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody("{\"method\":\"" + request.getHttpMethod() + "\",\"path\":\"" + request.getPath()
                            + "\",\"bodyLength\":" + (request.getBody() == null ? 0 : request.getBody().length()) + "}");
        }
    }

    /** Kinesis: decodes data (base64 on the wire) and sums the numbers. */
    public static class Kinesis implements RequestHandler<KinesisEvent, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(KinesisEvent event, Context context) {
            long sum = 0;
            for (KinesisEvent.KinesisEventRecord r : event.getRecords()) {
                sum += Long.parseLong(StandardCharsets.UTF_8.decode(r.getKinesis().getData()).toString());
            }
            return Map.of("records", event.getRecords().size(), "sum", sum);
        }
    }

    /** EventBridge: returns the event time, which exercises the runtime's date handling. */
    public static class Scheduled implements RequestHandler<ScheduledEvent, String> {
        @Override
        public String handleRequest(ScheduledEvent event, Context context) {
            return event.getDetailType() + "@" + event.getTime().getMillis();
        }
    }

    /** Stream handler: upper-cases the payload. */
    public static class Stream implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            output.write(new String(input.readAllBytes(), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A POJO the runtime's Jackson maps by bean properties. */
    public static class Order {
        private String id;
        private int quantity;

        /** @return the id */
        public String getId() {
            return id;
        }

        /** @param id the id */
        public void setId(String id) {
            this.id = id;
        }

        /** @return the quantity */
        public int getQuantity() {
            return quantity;
        }

        /** @param quantity the quantity */
        public void setQuantity(int quantity) {
            this.quantity = quantity;
        }
    }

    /** Method handlers: {@code ParityHandlers$Methods::price} and {@code ::nothing}. */
    public static class Methods {
        /**
         * @param order   the order
         * @param context the context
         * @return the priced order
         */
        public Map<String, Object> price(Order order, Context context) {
            if (order.getQuantity() < 0) {
                throw new IllegalArgumentException("quantity must not be negative: " + order.getQuantity());
            }
            return Map.of("id", order.getId(), "total", order.getQuantity() * 250);
        }

        /** @param ignored any input */
        public void nothing(Map<String, Object> ignored) {
            // returns null to the caller
        }
    }
}
