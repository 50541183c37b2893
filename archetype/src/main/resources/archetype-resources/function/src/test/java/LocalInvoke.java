#if( $eventSource == "api" )#set( $handler = "ApiHandler" )#{else}#set( $handler = "QueueHandler" )#end
package ${package};

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

#if( $idempotency == "true" )
import io.lambdakit.testing.DynamoDbLocal;
#end
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;

/**
 * {@code mvn -B -DskipTests -Plocal-invoke verify}: invokes the handler once, under the real Lambda runtime interface
 * client in a child JVM (lambdakit-testing's {@link LocalFunction})#if( $idempotency == "true" ) with DynamoDB Local for the idempotency table#end,
 * and prints the response and everything the function wrote. {@code function(..)} is also what {@code ${handler}IT} runs.
 */
public final class LocalInvoke {

    private LocalInvoke() {
    }

    /**
     * The function as template.yaml configures it, on this machine.
     *
#if( $idempotency == "true" )
     * @param dynamoDb DynamoDB Local, with the table named {@code table}
     * @param table    the idempotency table
#end
     * @return a builder of the local function; {@code start()} it
     */
#if( $idempotency == "true" )
    public static LocalFunction.Builder function(DynamoDbLocal dynamoDb, String table) {
#else
    public static LocalFunction.Builder function() {
#end
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("POWERTOOLS_SERVICE_NAME", "${serviceName}");
        environment.put("POWERTOOLS_METRICS_NAMESPACE", "${serviceName}");
        environment.put("POWERTOOLS_LOG_LEVEL", "INFO");
#if( $idempotency == "true" )
        environment.put(${handler}.IDEMPOTENCY_TABLE_NAME, table);
        // the SDK's own endpoint override: the function's code is the same as in AWS
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString());
#end
        return LocalFunction.builder()
                .handler(${handler}.class, "handleRequest")
                .functionName("${serviceName}")
                .memoryMb(1024)
                .timeout(Duration.ofSeconds(15))
                // Lambda allows 10 s for init; a busy build machine can need more for the first SDK client and JIT
                // warm-up of a C1-only JVM, which is not what these tests are about
                .initTimeout(Duration.ofSeconds(60))
                .environment(environment);
    }

    /**
     * @param args the event's JSON file
     * @throws Exception if the event cannot be read or the function cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: LocalInvoke <event.json>");
        }
        String event = Files.readString(Path.of(args[0]));
        boolean succeeded;
#if( $idempotency == "true" )
        try (DynamoDbLocal dynamoDb = DynamoDbLocal.start();
             LocalFunction function = function(dynamoDb, dynamoDb.createTable()).start()) {
#else
        try (LocalFunction function = function().start()) {
#end
            InvocationResult result = function.invoke(event);
            System.out.println("---- what the function wrote (logs, EMF metrics)");
            for (String line : result.stdout()) {
                System.out.println(line);
            }
            System.out.println("---- " + result.segments().size() + " X-Ray segment document(s)");
            succeeded = result.succeeded();
            if (succeeded) {
                System.out.println("---- response");
                System.out.println(result.response());
            } else {
                System.out.println("---- the invocation failed: " + result.error().orElseThrow());
            }
        }
        if (!succeeded) {
            System.exit(1);
        }
    }
}
