package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Installation;
import io.lambdakit.examples.orders.local.AwsCallRecorder;
import io.lambdakit.examples.orders.local.LocalAws;
import io.lambdakit.examples.orders.local.OrdersScenario;
import io.lambdakit.examples.orders.local.SecretsExtensionStandIn;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.testing.SamTemplate;
import io.lambdakit.testing.TestContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * template.yaml against the code: each Handler names a class and method Lambda can call with the
 * function's event; every variable the code reads is set and nothing else is; and each function's IAM
 * statements grant exactly the calls it makes, found by running it against DynamoDB Local and the
 * secrets-extension stand-in and recording every call.
 */
class TemplateConsistencyIT {

    /** Variables lambdakit's modules read (docs: configuration), set in the template's Globals. */
    private static final Set<String> LAMBDAKIT = Set.of(Environment.POWERTOOLS_SERVICE_NAME, "POWERTOOLS_METRICS_NAMESPACE",
            "POWERTOOLS_LOG_LEVEL");
    /** Read by the JVM itself. */
    private static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS");
    /** Read by the Parameters and Secrets extension (its documented settings), only where its layer is. */
    private static final Set<String> EXTENSION = Set.of("PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED",
            "PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE", "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT",
            "PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL", "PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS", "SECRETS_MANAGER_TTL",
            "SECRETS_MANAGER_TIMEOUT_MILLIS", "SSM_PARAMETER_STORE_TTL", "SSM_PARAMETER_STORE_TIMEOUT_MILLIS");

    static SamTemplate template;
    static LocalAws aws;

    @BeforeAll
    static void startLocalAws() throws Exception {
        template = SamTemplate.read(Path.of(System.getProperty("orders.template")));
        aws = LocalAws.start(template);
    }

    /** The Metrics the annotated CreateOrder flushes, replaced by each {@link #createOrder}. */
    private static Installation metricsInstalled;

    @AfterAll
    static void stopLocalAws() {
        aws.close();
        if (metricsInstalled != null) {
            metricsInstalled.close();
        }
    }

    @Test
    void everyHandler_namesAPublicMethodLambdaCanCallWithTheFunctionsEvent() throws Exception {
        Map<String, SamTemplate.Function> functions = template.functions();
        assertThat(functions.values()).extracting(SamTemplate.Function::handler)
                .containsExactlyInAnyOrder(OrdersScenario.CREATE_ORDER, OrdersScenario.PROCESS_ORDERS);

        for (SamTemplate.Function function : functions.values()) {
            String[] handler = function.handler().split("::");
            Class<?> type = Class.forName(handler[0]);
            assertThat(Modifier.isPublic(type.getModifiers())).as(function.handler()).isTrue();
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).as("Lambda's no-argument constructor").isTrue();
            List<Method> candidates = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(handler[1])).toList();
            assertThat(candidates).as(function.handler() + " must name exactly one public method").hasSize(1);
            Method method = candidates.get(0);
            assertThat(method.getParameterTypes()[method.getParameterCount() - 1]).isEqualTo(Context.class);
            Set<String> eventTypes = new TreeSet<>();
            function.events().values().forEach(e -> eventTypes.add((String) e.get("Type")));
            if (eventTypes.equals(Set.of("Api"))) {
                assertThat(method.getParameterTypes()).containsExactly(APIGatewayProxyRequestEvent.class, Context.class);
                assertThat(method.getReturnType()).isEqualTo(APIGatewayProxyResponseEvent.class);
            } else {
                assertThat(eventTypes).isEqualTo(Set.of("SQS"));
                assertThat(method.getParameterTypes()).containsExactly(SQSEvent.class, Context.class);
                function.events().values().forEach(e -> assertThat(((Map<?, ?>) e.get("Properties")).get("FunctionResponseTypes"))
                        .isEqualTo(List.of("ReportBatchItemFailures")));
                assertThat(method.getReturnType()).as("ReportBatchItemFailures needs an SQSBatchResponse")
                        .isEqualTo(SQSBatchResponse.class);
            }
        }
    }

    @Test
    void everyVariableTheCodeReads_isSetByTheTemplate() {
        assertThat(variables(OrdersScenario.CREATE_ORDER)).containsAll(OrdersSettings.CREATE_ORDER_VARIABLES);
        assertThat(variables(OrdersScenario.PROCESS_ORDERS)).containsAll(OrdersSettings.PROCESS_ORDERS_VARIABLES);
    }

    @Test
    void everyVariableTheTemplateSets_isReadByTheCodeByLambdakitOrByTheRuntime() {
        Set<String> create = new TreeSet<>(variables(OrdersScenario.CREATE_ORDER));
        create.removeAll(OrdersSettings.CREATE_ORDER_VARIABLES);
        create.removeAll(LAMBDAKIT);
        create.removeAll(JVM);
        create.removeAll(EXTENSION);
        Set<String> process = new TreeSet<>(variables(OrdersScenario.PROCESS_ORDERS));
        process.removeAll(OrdersSettings.PROCESS_ORDERS_VARIABLES);
        process.removeAll(LAMBDAKIT);
        process.removeAll(JVM);

        assertThat(create).as("CreateOrder variables nothing reads").isEmpty();
        assertThat(process).as("ProcessOrders variables nothing reads (no extension layer there)").isEmpty();
    }

    @Test
    void eachVariableTheCodeReads_isRequiredAtInit() {
        for (String variable : OrdersSettings.CREATE_ORDER_VARIABLES) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> createOrder(env -> without(env, variable), aws.dynamoDb()));
            assertThat(e).as("CreateOrder without " + variable).isNotNull();
            assertThat(e.problems()).anyMatch(p -> p.startsWith(variable));
        }
        for (String variable : OrdersSettings.PROCESS_ORDERS_VARIABLES) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> processOrders(env -> without(env, variable), aws.dynamoDb()));
            assertThat(e).as("ProcessOrders without " + variable).isNotNull();
            assertThat(e.problems()).anyMatch(p -> p.startsWith(variable));
        }
    }

    @Test
    void iamStatements_grantExactlyTheCallsEachFunctionMakes() {
        AwsCallRecorder createCalls = new AwsCallRecorder("dynamodb");
        int servedBefore = aws.secrets().requests().size();
        try (DynamoDbClient client = aws.dynamoDbClient(createCalls)) {
            driveCreateOrder(createOrder(env -> env, client), createCalls);
        }
        Set<String> createMade = made(createCalls);
        aws.secrets().requests().stream().skip(servedBefore).filter(r -> r.status() == 200)
                .map(SecretsExtensionStandIn.Request::secretId)
                .forEach(id -> createMade.add("secretsmanager:GetSecretValue on " + aws.logicalIdOf(id).orElse(id)));

        AwsCallRecorder processCalls = new AwsCallRecorder("dynamodb");
        try (DynamoDbClient client = aws.dynamoDbClient(processCalls)) {
            driveProcessOrders(processOrders(env -> env, client));
        }
        Set<String> processMade = made(processCalls);

        assertThat(createMade).as("what CreateOrder did").isEqualTo(granted(OrdersScenario.CREATE_ORDER))
                .containsExactlyInAnyOrder("dynamodb:PutItem on OrdersTable", "dynamodb:PutItem on IdempotencyTable",
                        "dynamodb:DeleteItem on IdempotencyTable", "dynamodb:DescribeTable on IdempotencyTable",
                        "dynamodb:DescribeTimeToLive on IdempotencyTable", "secretsmanager:GetSecretValue on PaymentApiKeySecret");
        assertThat(processMade).as("what ProcessOrders did").isEqualTo(granted(OrdersScenario.PROCESS_ORDERS))
                .containsExactlyInAnyOrder("dynamodb:UpdateItem on OrdersTable", "dynamodb:PutItem on IdempotencyTable",
                        "dynamodb:DeleteItem on IdempotencyTable", "dynamodb:DescribeTable on IdempotencyTable",
                        "dynamodb:DescribeTimeToLive on IdempotencyTable");
    }

    /** Every path that touches AWS: a new order, a replay, a failed write (which releases its key). */
    private static void driveCreateOrder(CreateOrder handler, AwsCallRecorder calls) {
        String key = UUID.randomUUID().toString();
        assertThat(handler.handleRequest(CreateOrderIT.post(key, OrdersScenario.ORDER), CreateOrderIT.context()).getStatusCode())
                .isEqualTo(201);
        assertThat(handler.handleRequest(CreateOrderIT.post(key, OrdersScenario.ORDER), CreateOrderIT.context()).getStatusCode())
                .isEqualTo(201);
        calls.failWhen(c -> c.resource().equals("OrdersTable"));
        assertThat(handler.handleRequest(CreateOrderIT.post(UUID.randomUUID().toString(), OrdersScenario.ORDER),
                CreateOrderIT.context()).getStatusCode()).isEqualTo(500);
        calls.failWhen(c -> false);
    }

    /** A payment, its redelivery and a payment for an unknown order (which releases its key). */
    private static void driveProcessOrders(ProcessOrders handler) {
        String orderId = UUID.randomUUID().toString();
        aws.dynamoDb().putItem(b -> b.tableName("OrdersTable").item(Map.of("orderId", AttributeValue.fromS(orderId),
                "status", AttributeValue.fromS("CREATED"), "totalCents", AttributeValue.fromN("100"))));
        String payment = "{\"orderId\":\"" + orderId + "\",\"paymentId\":\"" + UUID.randomUUID() + "\",\"amountCents\":100}";
        String unknown = "{\"orderId\":\"" + UUID.randomUUID() + "\",\"paymentId\":\"" + UUID.randomUUID() + "\",\"amountCents\":100}";
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> messages = new java.util.ArrayList<>();
        for (String body : List.of(payment, payment, unknown)) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(UUID.randomUUID().toString());
            m.setBody(body);
            messages.add(m);
        }
        event.setRecords(messages);
        assertThat(handler.handleRequest(event, TestContext.create()).getBatchItemFailures()).hasSize(1);
    }

    private static Set<String> made(AwsCallRecorder recorder) {
        Set<String> made = new TreeSet<>();
        recorder.calls().forEach(c -> made.add(c.action() + " on " + c.resource()));
        return made;
    }

    /** "action on LogicalId" for each action and resource of the function's inline statements; no wildcards allowed. */
    @SuppressWarnings("unchecked")
    private static Set<String> granted(String handler) {
        Set<String> grants = new TreeSet<>();
        for (Map<String, Object> statement : template.functionWithHandler(handler).statements()) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            Object actions = statement.get("Action");
            Object resources = statement.get("Resource");
            for (Object action : actions instanceof List<?> list ? list : List.of(actions)) {
                assertThat((String) action).as("wildcard action").doesNotContain("*");
                for (Object resource : resources instanceof List<?> list ? list : List.of(resources)) {
                    assertThat(resource).as("a resource must be a reference to the stack's own resource").isInstanceOf(Map.class);
                    Map<String, Object> ref = (Map<String, Object>) resource;
                    String id = ref.containsKey("Ref") ? (String) ref.get("Ref")
                            : ((List<String>) ref.get("Fn::GetAtt")).get(0);
                    grants.add(action + " on " + id);
                }
            }
        }
        return grants;
    }

    private static Set<String> variables(String handler) {
        return new TreeSet<>(template.functionWithHandler(handler).variables().keySet());
    }

    private static Map<String, String> without(Map<String, String> env, String variable) {
        Map<String, String> copy = new HashMap<>(env);
        copy.remove(variable);
        return copy;
    }

    private static CreateOrder createOrder(Function<Map<String, String>, Map<String, String>> edit, DynamoDbClient client) {
        ExecutionEnvironment lambda = ExecutionEnvironment.builder().environment(Environment.of(edit.apply(
                aws.lambdaEnvironment(template.functionWithHandler(OrdersScenario.CREATE_ORDER))))).build();
        if (metricsInstalled != null) {
            metricsInstalled.close();
        }
        metricsInstalled = Metrics.install(Metrics.builder().executionEnvironment(lambda).build());
        return new CreateOrder(lambda, client, null);
    }

    private static ProcessOrders processOrders(Function<Map<String, String>, Map<String, String>> edit, DynamoDbClient client) {
        ExecutionEnvironment lambda = ExecutionEnvironment.builder().environment(Environment.of(edit.apply(
                aws.lambdaEnvironment(template.functionWithHandler(OrdersScenario.PROCESS_ORDERS))))).build();
        return new ProcessOrders(lambda, client);
    }
}
