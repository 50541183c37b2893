package io.lambdakit.examples.orders.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml and the CDK stack describe the same service: same handlers, runtime settings,
 * environment, IAM statements, queue, tables, event source and API. CDK's logical ids are the
 * construct ids (named like template.yaml's) plus an 8-digit hash, which is stripped to compare.
 * SAM adds the X-Ray and SQS-poller permissions itself (Tracing: Active, the SQS event); CDK writes
 * them into the role's policy, so they are left out of the IAM comparison.
 */
class SamCdkParityTest {

    private static final Pattern CDK_HASH = Pattern.compile("[0-9A-F]{8}$");

    private static Map<String, Object> sam;
    private static Map<String, Object> cdk;

    @BeforeAll
    static void load() throws IOException {
        sam = CfnYaml.load(Path.of(System.getProperty("orders.template")));
        cdk = SynthesizedStack.get().template.toJSON();
    }

    @Test
    void functions_haveTheSameHandlers() {
        assertThat(samFunctions().keySet()).isEqualTo(cdkFunctions().keySet())
                .containsExactlyInAnyOrder(OrdersStack.CREATE_ORDER_HANDLER, OrdersStack.PROCESS_ORDERS_HANDLER);
    }

    @Test
    void functions_haveTheSameRuntimeSettings() {
        Map<String, Map<String, Object>> cdkFunctions = cdkFunctions();
        samFunctions().forEach((handler, s) -> {
            Map<String, Object> c = cdkFunctions.get(handler);
            assertThat(s.get("Runtime")).as(handler).isEqualTo(c.get("Runtime")).isEqualTo(OrdersStack.RUNTIME.getName());
            assertThat(s.get("MemorySize")).as(handler).isEqualTo(c.get("MemorySize"));
            assertThat(s.get("Timeout")).as(handler).isEqualTo(c.get("Timeout"));
            assertThat(s.get("Architectures")).as(handler).isEqualTo(c.get("Architectures"));
            assertThat(Map.of("Mode", s.get("Tracing"))).as(handler).isEqualTo(c.get("TracingConfig"));
            assertThat(s.get("SnapStart")).as(handler).isEqualTo(c.get("SnapStart"));
            assertThat(s.get("AutoPublishAlias")).as(handler).isEqualTo(OrdersStack.ALIAS);
            assertThat(size(s.get("Layers"))).as(handler + " layers").isEqualTo(size(c.get("Layers")));
        });
    }

    @Test
    void functions_haveTheSameEnvironment() {
        Map<String, Map<String, Object>> cdkFunctions = cdkFunctions();
        samFunctions().forEach((handler, s) -> {
            Map<String, Object> samVariables = normalized(variables(s));
            Map<String, Object> cdkVariables = normalized(variables(cdkFunctions.get(handler)));

            assertThat(samVariables).as(handler).isEqualTo(cdkVariables);
        });
    }

    @Test
    void functions_areGrantedTheSameActionsOnTheSameResources() {
        Map<String, Map<String, Object>> cdkFunctions = cdkFunctions();
        samFunctions().forEach((handler, s) -> {
            Set<String> samGrants = grants(samStatements(s));
            Set<String> cdkGrants = grants(cdkStatements(cdkFunctions.get(handler)));

            assertThat(samGrants).as(handler).isNotEmpty().isEqualTo(cdkGrants);
        });
    }

    @Test
    void queuesAndTables_haveTheSameSettings() {
        for (String id : List.of("PaymentsQueue", "PaymentsDeadLetterQueue", "OrdersTable", "IdempotencyTable")) {
            Map<String, Object> samProperties = properties(sam, id);
            Map<String, Object> cdkProperties = properties(cdk, id);

            assertThat(normalized(samProperties)).as(id).isEqualTo(normalized(cdkProperties));
        }
    }

    @Test
    void eventSourceAndApi_areTheSame() {
        Map<String, Object> samQueueEvent = event(OrdersStack.PROCESS_ORDERS_HANDLER, "SQS");
        Map<String, Object> esm = onlyResource(cdk, "AWS::Lambda::EventSourceMapping");
        assertThat(samQueueEvent.get("BatchSize")).isEqualTo(esm.get("BatchSize"));
        assertThat(samQueueEvent.get("MaximumBatchingWindowInSeconds")).isEqualTo(esm.get("MaximumBatchingWindowInSeconds"));
        assertThat(samQueueEvent.get("FunctionResponseTypes")).isEqualTo(esm.get("FunctionResponseTypes"))
                .isEqualTo(List.of("ReportBatchItemFailures"));
        assertThat(normalized(samQueueEvent.get("Queue"))).isEqualTo(normalized(esm.get("EventSourceArn")));

        Map<String, Object> samApiEvent = event(OrdersStack.CREATE_ORDER_HANDLER, "Api");
        assertThat(samApiEvent.get("Path")).isEqualTo("/" + onlyResource(cdk, "AWS::ApiGateway::Resource").get("PathPart"));
        assertThat(samApiEvent.get("Method").toString().toUpperCase(java.util.Locale.ROOT))
                .isEqualTo(onlyResource(cdk, "AWS::ApiGateway::Method").get("HttpMethod"));
    }

    // --- SAM side: each function's properties with Globals.Function merged in (environment merged per variable)

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> samFunctions() {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) sam.get("Globals")).get("Function");
        Map<String, Map<String, Object>> functions = new TreeMap<>();
        resources(sam).forEach((id, resource) -> {
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                Map<String, Object> own = (Map<String, Object>) resource.get("Properties");
                Map<String, Object> merged = new LinkedHashMap<>(globals);
                merged.putAll(own);
                Map<String, Object> variables = new TreeMap<>(variables(globals));
                variables.putAll(variables(own));
                merged.put("Environment", Map.of("Variables", variables));
                functions.put((String) own.get("Handler"), merged);
            }
        });
        return functions;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> samStatements(Map<String, Object> function) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<Object>) function.get("Policies")) {
            statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) policy).get("Statement"));
        }
        return statements;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(String handler, String type) {
        Map<String, Object> events = (Map<String, Object>) samFunctions().get(handler).get("Events");
        List<Map<String, Object>> matching = events.values().stream().map(e -> (Map<String, Object>) e)
                .filter(e -> type.equals(e.get("Type"))).toList();
        assertThat(matching).hasSize(1);
        return (Map<String, Object>) matching.get(0).get("Properties");
    }

    // --- CDK side

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> cdkFunctions() {
        Map<String, Map<String, Object>> functions = new TreeMap<>();
        resources(cdk).forEach((id, resource) -> {
            if ("AWS::Lambda::Function".equals(resource.get("Type"))) {
                Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) resource.get("Properties"));
                properties.put("__logicalId", id);
                functions.put((String) properties.get("Handler"), properties);
            }
        });
        return functions;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cdkStatements(Map<String, Object> function) {
        String roleId = (String) ((List<Object>) ((Map<String, Object>) function.get("Role")).get("Fn::GetAtt")).get(0);
        List<Map<String, Object>> statements = new ArrayList<>();
        resources(cdk).forEach((id, resource) -> {
            if ("AWS::IAM::Policy".equals(resource.get("Type"))) {
                Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
                if (properties.get("Roles").equals(List.of(Map.of("Ref", roleId)))) {
                    statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) properties.get("PolicyDocument"))
                            .get("Statement"));
                }
            }
        });
        return statements;
    }

    // --- shared

    /** "action on resource" pairs, leaving out what SAM grants by itself (X-Ray for Tracing: Active, SQS polling). */
    private static Set<String> grants(List<Map<String, Object>> statements) {
        Set<String> grants = new TreeSet<>();
        for (Map<String, Object> statement : statements) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            Object actions = statement.get("Action");
            for (Object action : actions instanceof List<?> list ? list : List.of(actions)) {
                String name = (String) action;
                if (!name.startsWith("xray:") && !name.startsWith("sqs:")) {
                    grants.add(name + " on " + normalized(statement.get("Resource")));
                }
            }
        }
        return grants;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> function) {
        Map<String, Object> environment = (Map<String, Object>) function.get("Environment");
        return environment == null ? Map.of() : (Map<String, Object>) environment.get("Variables");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) template.get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> template, String logicalId) {
        List<Map<String, Object>> matching = new ArrayList<>();
        resources(template).forEach((id, resource) -> {
            if (CDK_HASH.matcher(id).replaceAll("").equals(logicalId)) {
                matching.add((Map<String, Object>) resource.get("Properties"));
            }
        });
        assertThat(matching).as(logicalId).hasSize(1);
        return matching.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyResource(Map<String, Object> template, String type) {
        List<Map<String, Object>> matching = resources(template).values().stream()
                .filter(r -> type.equals(r.get("Type"))).map(r -> (Map<String, Object>) r.get("Properties")).toList();
        assertThat(matching).as(type).hasSize(1);
        return matching.get(0);
    }

    private static int size(Object list) {
        return list == null ? 0 : ((List<?>) list).size();
    }

    /** Strips CDK's logical-id hashes from every Ref / Fn::GetAtt, and makes numbers comparable. */
    @SuppressWarnings("unchecked")
    private static <T> T normalized(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new TreeMap<>();
            map.forEach((k, v) -> {
                if (k.equals("Ref") && v instanceof String id) {
                    copy.put("Ref", CDK_HASH.matcher(id).replaceAll(""));
                } else if (k.equals("Fn::GetAtt") && v instanceof List<?> att) {
                    copy.put("Fn::GetAtt", List.of(CDK_HASH.matcher((String) att.get(0)).replaceAll(""), att.get(1)));
                } else {
                    copy.put((String) k, normalized(v));
                }
            });
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(SamCdkParityTest::normalized).toList();
        }
        if (value instanceof Number number) {
            return (T) Long.valueOf(number.longValue());
        }
        return value;
    }
}
