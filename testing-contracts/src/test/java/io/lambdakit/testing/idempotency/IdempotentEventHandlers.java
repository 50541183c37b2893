package io.lambdakit.testing.idempotency;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.lambdakit.core.Environment;
import io.lambdakit.idempotency.DynamoDbIdempotencyStore;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.Idempotent;

import java.net.URI;

/**
 * {@code @Idempotent} handlers of events with Joda-Time instants, as the managed runtime hands them
 * over (deserialised by aws-lambda-java-serialization), keyed as a whole.
 */
public final class IdempotentEventHandlers {

    private IdempotentEventHandlers() {
    }

    static void install() {
        Environment env = Environment.system();
        DynamoDbIdempotencyStore.Builder store = DynamoDbIdempotencyStore.builder()
                .tableName(env.get("IDEMPOTENCY_TABLE", "idempotency"));
        env.get("DYNAMODB_ENDPOINT").ifPresent(uri -> store.clientBuilder(b -> b.endpointOverride(URI.create(uri))));
        Idempotency.install(Idempotency.builder().store(store.build()).throwOnNoIdempotencyKey(true).build());
    }

    /** An EventBridge scheduled rule's target. */
    public static class Scheduled implements RequestHandler<ScheduledEvent, String> {
        public Scheduled() {
            install();
        }

        @Idempotent
        @Override
        public String handleRequest(ScheduledEvent event, Context context) {
            return "ran " + event.getId() + " in " + context.getAwsRequestId();
        }
    }

    /** An S3 notification's target. */
    public static class ObjectCreated implements RequestHandler<S3Event, String> {
        public ObjectCreated() {
            install();
        }

        @Idempotent
        @Override
        public String handleRequest(S3Event event, Context context) {
            return "ran " + event.getRecords().get(0).getS3().getObject().getKey() + " in " + context.getAwsRequestId();
        }
    }
}
