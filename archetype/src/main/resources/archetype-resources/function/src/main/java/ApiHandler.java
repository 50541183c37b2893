#if( $style == "annotations" )#set( $metrics = "Metrics.current()" )#{else}#set( $metrics = "metrics" )#end
package ${package};

#if( $idempotency == "true" )
import java.time.Duration;
#end
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

#if( $idempotency == "true" )
import io.lambdakit.core.ConfigurationException;
#end
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;
#if( $idempotency == "true" )
import io.lambdakit.idempotency.DynamoDbIdempotencyStore;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.IdempotencyAlreadyInProgressException;
import io.lambdakit.idempotency.IdempotencyValidationException;
#if( $style == "annotations" )
import io.lambdakit.idempotency.Idempotent;
#end
#end
import io.lambdakit.logging.CorrelationIdPaths;
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
 * {@code POST /items} behind API Gateway (REST proxy integration): reads {@code {"name": "..."}} and answers 201
 * with the new item, or 400 saying what is wrong with the body.
#if( $idempotency == "true" )
 * An item is created once per {@code Idempotency-Key} header (or per identical body when the client sends none): a
 * retry gets the same 201 and the same item; a retry while the first request still runs gets 409; the same key with
 * another body gets 422. The records live in the DynamoDB table named by {@code IDEMPOTENCY_TABLE_NAME}.
#end
 *
#if( $style == "annotations" )
 * <p>lambdakit's annotations, woven at compile time by aspectj-maven-plugin: {@code @Logging} (JSON log lines with
 * the request's keys), {@code @Tracing} (an X-Ray segment), {@code @FlushMetrics} (EMF metrics, a {@code ColdStart}
 * metric)#if( $idempotency == "true" ) and {@code @Idempotent} on {@code create}#end.
#else
 * <p>lambdakit's plain API, no weaving: {@link LambdaLogging} (JSON log lines with the request's keys),
 * {@link Tracer} (an X-Ray segment), {@link Metrics} (EMF metrics, a {@code ColdStart} metric)#if( $idempotency == "true" ) and
 * {@link Idempotency}#end, each wrapping the handler's body.
#end
 */
public final class ApiHandler {

#if( $idempotency == "true" )
    /** The request header carrying the client's idempotency key. */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    /** The variable naming the idempotency table (template.yaml and the CDK stack set it). */
    public static final String IDEMPOTENCY_TABLE_NAME = "IDEMPOTENCY_TABLE_NAME";
    /** How long a key is remembered. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(1);

#end
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = Json.mapper();

#if( $style == "plain" )
    private final LambdaLogging logging;
    private final Tracer tracer;
    private final Metrics metrics;
#if( $idempotency == "true" )
    private final Idempotency idempotency;
#end

#end
    /** Lambda's constructor: configuration from the environment, clients created now (SnapStart snapshots them). */
    public ApiHandler() {
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
    ApiHandler(ExecutionEnvironment lambda, DynamoDbClient dynamoDb) {
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
        // the instance @Idempotent methods use
        Idempotency.install(Idempotency.builder()
                .store(store.build())
                .expiration(IDEMPOTENCY_WINDOW)
                .executionEnvironment(lambda)
                .build());
#else
        this.idempotency = Idempotency.builder()
                .store(store.build())
                .eventKeyJmesPath("idempotencyKey || request")
                .payloadValidationJmesPath("request")
                .expiration(IDEMPOTENCY_WINDOW)
                .executionEnvironment(lambda)
                .build();
#end
#else
    ApiHandler(ExecutionEnvironment lambda) {
#end
#if( $style == "plain" )
        this.logging = LambdaLogging.builder()
                .logger(ApiHandler.class)
                .correlationIdPath(CorrelationIdPaths.API_GATEWAY_REST)
                .build();
        this.tracer = Tracer.current();
        this.metrics = Metrics.builder().captureColdStart(true).executionEnvironment(lambda).build();
#end
#if( $style == "annotations" && $idempotency != "true" )
        // nothing to set up: the annotations' instances are configured from the environment
#end
    }

    /**
     * @param event   the API Gateway request
     * @param context the Lambda context
#if( $idempotency == "true" )
     * @return 201 with the item, 400, 409 or 422, each with a JSON body
#else
     * @return 201 with the item, or 400, each with a JSON body
#end
     */
#if( $style == "annotations" )
    @Logging(correlationIdPath = CorrelationIdPaths.API_GATEWAY_REST)
    @Tracing
    @FlushMetrics(captureColdStart = true)
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return respond(event);
    }
#else
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return logging.execute(context, event, () -> tracer.execute(context, () -> metrics.execute(context,
                () -> respond(event, context))));
    }
#end

#if( $style == "annotations" )
    private APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event) {
#else
    private APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event, Context context) {
#end
        ItemRequest request;
        try {
            request = ItemRequest.parse(event.getBody());
        } catch (InvalidRequestException e) {
            LOG.warn("rejected a request: {}", e.getMessage());
            ${metrics}.add("ItemRejected", 1, MetricUnit.COUNT);
            return response(400, Map.of("message", e.getMessage()));
        }
#if( $idempotency == "true" )
        Submission submission = new Submission(header(event, IDEMPOTENCY_KEY_HEADER), request);
        try {
#if( $style == "annotations" )
            return response(201, create(submission));
#else
            return response(201, idempotency.execute("createItem", submission, context, Item.class,
                    () -> create(submission)));
#end
        } catch (IdempotencyAlreadyInProgressException e) {
            LOG.info("a request with the same idempotency key is still running");
            return response(409, Map.of("message", "a request with this " + IDEMPOTENCY_KEY_HEADER
                    + " is still running; retry in a moment to get its result"));
        } catch (IdempotencyValidationException e) {
            LOG.warn("an idempotency key was reused with another body");
            return response(422, Map.of("message", "this " + IDEMPOTENCY_KEY_HEADER + " was already used with"
                    + " another body; use a new key for a new item"));
        }
    }

    /**
     * Creates the item: runs once per key, a repeat returns the stored item.
     *
     * @param submission the request and the client's idempotency key (null when the client sent none)
     * @return the new item
     */
#if( $style == "annotations" )
    @Idempotent(name = "createItem", eventKeyJmesPath = "idempotencyKey || request", payloadValidationJmesPath = "request")
#end
    Item create(Submission submission) {
        Item item = new Item(UUID.randomUUID().toString(), submission.request().name());
#else
        Item item = new Item(UUID.randomUUID().toString(), request.name());
#end
        // your logic here: store the item, call a service, ...
        ${metrics}.add("ItemCreated", 1, MetricUnit.COUNT);
        LOG.info("created item {} named '{}'", item.id(), item.name());
#if( $idempotency == "true" )
        return item;
#else
        return response(201, item);
#end
    }
#if( $idempotency == "true" )

    private static String header(APIGatewayProxyRequestEvent event, String name) {
        if (event.getHeaders() != null) {
            for (Map.Entry<String, String> header : event.getHeaders().entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
        }
        return null;
    }
#end

    private static APIGatewayProxyResponseEvent response(int status, Object body) {
        try {
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(status)
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the response body could not be written as JSON", e);
        }
    }

    /**
     * What a client posts.
     *
     * @param name the item's name, required
     */
    public record ItemRequest(String name) {

        static ItemRequest parse(String body) throws InvalidRequestException {
            if (body == null || body.isBlank()) {
                throw new InvalidRequestException("the body is empty; send {\"name\": \"...\"}");
            }
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new InvalidRequestException("the body is not valid JSON (" + e.getOriginalMessage()
                        + "); send {\"name\": \"...\"}");
            }
            JsonNode name = json.path("name");
            if (!name.isTextual() || name.asText().isBlank()) {
                throw new InvalidRequestException("name is missing or not a string; send {\"name\": \"...\"}");
            }
            return new ItemRequest(name.asText());
        }
    }
#if( $idempotency == "true" )

    /**
     * The idempotent call's payload: its key is the client's key, else the request itself.
     *
     * @param idempotencyKey the {@code Idempotency-Key} header, or null
     * @param request        the request
     */
    public record Submission(String idempotencyKey, ItemRequest request) {
    }
#end

    /**
     * The created item (201's body).
     *
     * @param id   its id
     * @param name its name
     */
    public record Item(String id, String name) {
    }

    /** A request body the handler cannot use; its message says what to send instead. */
    static final class InvalidRequestException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidRequestException(String message) {
            super(message);
        }
    }
}
