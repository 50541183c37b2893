package io.lambdakit.examples.orders.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The CDK stack synthesised offline and checked with the CDK assertions library: what makes the
 * sample production-grade must be in the template, whatever CDK's defaults do next release.
 */
class OrdersStackTest {

    private final Template template = SynthesizedStack.get().template;

    @Test
    void synth_bothFunctions_runJava21WithActiveTracingAndSnapStart() {
        for (String handler : List.of(OrdersStack.CREATE_ORDER_HANDLER, OrdersStack.PROCESS_ORDERS_HANDLER)) {
            template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler,
                    "Runtime", "java21",
                    "TracingConfig", Map.of("Mode", "Active"),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        }
        template.resourceCountIs("AWS::Lambda::Function", 2);
    }

    @Test
    void synth_eachFunction_hasAPublishedVersionBehindTheLiveAlias() {
        template.resourceCountIs("AWS::Lambda::Version", 2);
        template.resourceCountIs("AWS::Lambda::Alias", 2);
        template.allResourcesProperties("AWS::Lambda::Alias", Map.of(
                "Name", OrdersStack.ALIAS,
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(".*CurrentVersion.*"), "Version"))));
    }

    @Test
    void synth_idempotencyTable_usesThePowertoolsSchemaWithTtlOnExpiration() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiration", "Enabled", true),
                "BillingMode", "PAY_PER_REQUEST"));
    }

    @Test
    void synth_paymentsQueue_feedsTheLiveAliasWithPartialBatchResponses() {
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^PaymentsQueue[0-9A-F]{8}$"), "Arn"))));
        assertThat(onlyProperties("AWS::Lambda::EventSourceMapping").get("FunctionName").toString())
                .contains("{Ref=ProcessOrdersFunctionAliaslive").contains(":live");
    }

    @Test
    void synth_paymentsQueue_redrivesToTheDeadLetterQueueAfterThreeReceives() {
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "VisibilityTimeout", 90,
                "RedrivePolicy", Map.of(
                        "maxReceiveCount", 3,
                        "deadLetterTargetArn", Map.of("Fn::GetAtt",
                                List.of(Match.stringLikeRegexp("^PaymentsDeadLetterQueue[0-9A-F]{8}$"), "Arn")))));
    }

    @Test
    void synth_createOrder_getsTheParametersAndSecretsExtensionLayer() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", OrdersStack.CREATE_ORDER_HANDLER,
                "Layers", List.of(Map.of("Fn::FindInMap", List.of(Match.anyValue(), Map.of("Ref", "AWS::Region"),
                        Match.stringLikeRegexp(".*1x0x103.*")))),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2773",
                        "PAYMENT_API_KEY_SECRET_ID", Map.of("Ref", Match.stringLikeRegexp("^PaymentApiKeySecret.*")))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", OrdersStack.PROCESS_ORDERS_HANDLER,
                "Layers", Match.absent()));
    }

    @Test
    void synth_iamPolicies_nameEveryActionWithoutWildcards() {
        List<Object> actions = new ArrayList<>();
        for (Map<String, Object> statement : statements()) {
            Object action = statement.get("Action");
            if (action instanceof List<?> list) {
                actions.addAll(list);
            } else {
                actions.add(action);
            }
            assertThat(statement).doesNotContainKey("NotAction");
        }

        assertThat(actions).isNotEmpty().allSatisfy(a -> assertThat(a).isInstanceOf(String.class)
                .asString().doesNotContain("*").matches("[a-z0-9-]+:[A-Za-z]+"));
    }

    @Test
    void synth_wildcardResources_onlyForXRayWhichHasNoResourceLevelPermissions() {
        List<Map<String, Object>> wildcard = statements().stream().filter(s -> "*".equals(s.get("Resource"))).toList();

        assertThat(wildcard).isNotEmpty().allSatisfy(s -> assertThat(s.get("Action"))
                .isEqualTo(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords")));
    }

    @Test
    void synth_roles_attachOnlyTheBasicExecutionManagedPolicy() {
        Map<String, Map<String, Object>> roles = template.findResources("AWS::IAM::Role");

        assertThat(roles).hasSize(2).allSatisfy((id, role) -> {
            Map<?, ?> properties = (Map<?, ?>) role.get("Properties");
            assertThat(properties.get("Policies")).isNull();
            assertThat(properties.get("ManagedPolicyArns").toString())
                    .contains(":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
                    .doesNotContain("FullAccess");
            assertThat((List<?>) properties.get("ManagedPolicyArns")).hasSize(1);
        });
    }

    @Test
    void synth_api_postsOrdersToTheLiveAliasWithTracing() {
        template.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "orders"));
        template.hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                "HttpMethod", "POST",
                "Integration", Match.objectLike(Map.of("Type", "AWS_PROXY"))));
        assertThat(((Map<?, ?>) onlyProperties("AWS::ApiGateway::Method").get("Integration")).get("Uri").toString())
                .contains("{Ref=CreateOrderFunctionAliaslive");
        template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of("StageName", "Prod", "TracingEnabled", true));
        template.resourceCountIs("AWS::ApiGateway::Account", 0);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> onlyProperties(String type) {
        Map<String, Map<String, Object>> resources = template.findResources(type);
        assertThat(resources).hasSize(1);
        return (Map<String, Object>) resources.values().iterator().next().get("Properties");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> statements() {
        List<Map<String, Object>> statements = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument");
            statements.addAll((List<Map<String, Object>>) document.get("Statement"));
        });
        return statements;
    }
}
