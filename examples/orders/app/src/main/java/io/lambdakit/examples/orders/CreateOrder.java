package io.lambdakit.examples.orders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.idempotency.DynamoDbIdempotencyStore;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.IdempotencyAlreadyInProgressException;
import io.lambdakit.idempotency.IdempotencyValidationException;
import io.lambdakit.idempotency.Idempotent;
import io.lambdakit.logging.CorrelationIdPaths;
import io.lambdakit.logging.Logging;
import io.lambdakit.metrics.FlushMetrics;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.secrets.Secrets;
import io.lambdakit.tracing.Tracer;
import io.lambdakit.tracing.Tracing;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code POST /orders} behind API Gateway (REST): validates the order (400 with every problem
 * otherwise), then, once per {@code Idempotency-Key} header (or per identical body when the client
 * sends none), stores it and answers 201 with a payment link signed with the payment provider's API
 * key. A replay gets the same 201 without a second write; a replay while the first request still runs
 * gets 409; the same key with another order gets 422.
 *
 * <p>This handler shows lambdakit's annotations ({@code @Logging}, {@code @Tracing},
 * {@code @FlushMetrics}, {@code @Idempotent}, woven at compile time) together with a little of the
 * plain API inside ({@code Metrics.current()}, a traced block, the secrets cache).
 */
public final class CreateOrder {

    /** The request header carrying the client's idempotency key (matched case-insensitively). */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    /** How long a key is remembered: a client retrying within a day gets the first answer. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(CreateOrder.class);

    private final OrderStore orders;
    private final PaymentLinks paymentLinks;
    private final Clock clock;

    /** Lambda's constructor: settings from the environment, clients created now (and snapshotted by SnapStart). */
    public CreateOrder() {
        this(ExecutionEnvironment.current(), AwsClients.dynamoDb(ExecutionEnvironment.current().environment()), null);
    }

    /**
     * @param lambda   the execution environment (its environment variables, clock and SnapStart lifecycle)
     * @param dynamoDb the DynamoDB client for the orders and idempotency tables
     * @param secrets  the secrets cache, or null for one configured from the environment (the extension in Lambda)
     */
    public CreateOrder(ExecutionEnvironment lambda, DynamoDbClient dynamoDb, Secrets secrets) {
        OrdersSettings settings = OrdersSettings.forCreateOrder(lambda.environment());
        Secrets cache = secrets != null ? secrets
                : Secrets.builder().executionEnvironment(lambda).maxAge(Duration.ofMinutes(1)).build();
        this.orders = new OrderStore(dynamoDb, settings.ordersTable());
        this.paymentLinks = new PaymentLinks(cache.cached(settings.paymentApiKeySecret().orElseThrow()),
                settings.checkoutBaseUrl().orElseThrow());
        this.clock = lambda.clock();
        // The instance @Idempotent methods use: records in the idempotency table, kept for a day.
        // docs:begin idempotency
        Idempotency.install(Idempotency.builder()
                .store(DynamoDbIdempotencyStore.builder()
                        .tableName(settings.idempotencyTable())
                        .client(dynamoDb)
                        .environment(lambda.environment())
                        .build())
                .expiration(IDEMPOTENCY_WINDOW)
                .executionEnvironment(lambda)
                .build());
        // docs:end idempotency
        // docs:begin snapstart-hooks
        lambda.lifecycle().onBeforeCheckpoint("orders: CreateOrder request path", this, handler -> {
            OrderRequest sample = OrderRequest.parse(Priming.SAMPLE_ORDER);
            OrderCreated created = newOrder(sample, "primed-order", Instant.EPOCH, "https://primed.invalid");
            handler.orders.newOrder(sample, created);
            ApiResponses.created(created);
            ApiResponses.error(400, "invalid_order", "primed", List.of("primed"));
            PaymentLinks.sign("primed-key", "order=primed");
        });
        lambda.primeBeforeCheckpoint("orders: prime CreateOrder", context -> handleRequest(Priming.invalidOrderRequest(), context));
        // docs:end snapstart-hooks
    }

    /**
     * @param event   the API Gateway request
     * @param context the Lambda context
     * @return 201, 400, 409, 422 or 500, each with a JSON body
     */
    // docs:begin annotated-handler
    @Logging(correlationIdPath = CorrelationIdPaths.API_GATEWAY_REST)
    @Tracing
    @FlushMetrics(captureColdStart = true)
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        OrderRequest order;
        String key;
        try {
            order = OrderRequest.parse(event.getBody());
            key = idempotencyKey(event.getHeaders());
        } catch (InvalidOrderException e) {
            LOG.warn("rejected an order: {}", e.getMessage());
            Metrics.current().add("OrderRejected", 1, MetricUnit.COUNT);
            return ApiResponses.error(400, e.code(), e.getMessage(), e.problems());
        }
        try {
            return ApiResponses.created(create(new OrderSubmission(key, order)));
        } catch (IdempotencyAlreadyInProgressException e) {
            LOG.info("an order with the same idempotency key is still being created");
            return ApiResponses.error(409, "request_in_progress", "an order with this " + IDEMPOTENCY_KEY_HEADER
                    + " is still being created; retry in a moment to get its result", List.of());
        } catch (IdempotencyValidationException e) {
            LOG.warn("an idempotency key was reused with another order");
            return ApiResponses.error(422, "idempotency_key_reused", "this " + IDEMPOTENCY_KEY_HEADER + " was already"
                    + " used for another order; use a new key for a new order", List.of());
        } catch (RuntimeException e) {
            LOG.error("the order could not be created", e);
            Metrics.current().add("OrderFailed", 1, MetricUnit.COUNT);
            return ApiResponses.error(500, "internal_error", "the order could not be created; retry with the same "
                    + IDEMPOTENCY_KEY_HEADER, List.of());
        }
    }
    // docs:end annotated-handler

    /**
     * Creates the order once per key. The key is the client's {@code Idempotency-Key}, else the order
     * itself; the order must be the same on every replay of a key.
     *
     * @param submission the key and the order
     * @return the created order (on a replay: the stored result of the first run)
     */
    // docs:begin idempotent-create
    @Idempotent(name = "createOrder", eventKeyJmesPath = "idempotencyKey || order", payloadValidationJmesPath = "order")
    OrderCreated create(OrderSubmission submission) {
        OrderRequest order = submission.order();
        String orderId = UUID.randomUUID().toString();
        OrderCreated created = newOrder(order, orderId, clock.instant(),
                paymentLinks.linkFor(orderId, order.totalCents(), order.currency()));
        // the plain API beside the annotations: a subsegment of our own around the write
        Tracer.current().trace("putOrder", () -> {
            orders.put(order, created);
            return null;
        });
        Metrics.current().add("OrderCreated", 1, MetricUnit.COUNT).addMetadata("orderId", orderId);
        LOG.info("created order {} for customer {}: {} {} cents", orderId, order.customerId(), order.currency(),
                created.totalCents());
        return created;
    }
    // docs:end idempotent-create

    private static OrderCreated newOrder(OrderRequest order, String orderId, Instant now, String paymentUrl) {
        return new OrderCreated(orderId, OrderStore.CREATED, order.customerId(), order.currency(), order.totalCents(),
                now.truncatedTo(ChronoUnit.MILLIS).toString(), paymentUrl);
    }

    private static String idempotencyKey(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (IDEMPOTENCY_KEY_HEADER.equalsIgnoreCase(header.getKey())) {
                String key = header.getValue() == null ? "" : header.getValue().trim();
                if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                    throw new InvalidOrderException("invalid_idempotency_key", IDEMPOTENCY_KEY_HEADER + " must be 1 to 255"
                            + " printable ASCII characters without spaces, e.g. a UUID", List.of());
                }
                return key;
            }
        }
        return null;
    }
}
