package ${package}.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The stack synthesised offline (the first synthesis starts the jsii runtime, some seconds) and checked with the CDK
 * assertions library: SnapStart, tracing, the event source, and IAM that grants only what the function needs.
 */
class FunctionStackTest {

    private static Template template;

    @BeforeAll
    static void synthesize() throws IOException {
        Path outdir = Path.of(System.getProperty("cdk.outdir", "target/cdk.out"));
        // the asset's content changes only its hash; the real code is the function module's jar
        Path asset = Files.createDirectories(outdir.resolveSibling("cdk-test-asset"));
        Files.writeString(asset.resolve("README"), "stands in for the function's jar in the synth test\n");
        App app = App.Builder.create().outdir(outdir.toString()).build();
        FunctionStack stack = new FunctionStack(app, FunctionApp.STACK_NAME, StackProps.builder().build(),
                Code.fromAsset(asset.toString()));
        template = Template.fromStack(stack);
    }

    @Test
    void function_runsTheHandlerWithSnapStartTracingAndPowertoolsVariables() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", FunctionStack.HANDLER,
                "Runtime", "java21",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Map.of("Mode", "Active")));
        assertThat(variablesOfTheFunction()).contains("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE",
                "POWERTOOLS_LOG_LEVEL"#if( $idempotency == "true" ), "IDEMPOTENCY_TABLE_NAME"#end);
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", FunctionStack.ALIAS));
    }

#if( $eventSource == "api" )
    @Test
    void api_postsItemsToTheAlias() {
        template.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "items"));
        template.hasResourceProperties("AWS::ApiGateway::Method", Map.of("HttpMethod", "POST"));
        template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of("StageName", "Prod", "TracingEnabled", true));
    }
#else
    @Test
    void queue_feedsTheAliasWithPartialBatchResponses() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 10,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        template.resourceCountIs("AWS::SQS::Queue", 2);
    }
#end

    @Test
    void iam_grantsOnlyWhatTheFunctionCalls() {
        List<String> actions = new ArrayList<>();
        for (Map<String, Object> policy : template.findResources("AWS::IAM::Policy").values()) {
            for (Object statement : list(properties(policy).get("PolicyDocument"), "Statement")) {
                Object action = ((Map<?, ?>) statement).get("Action");
                if (action instanceof List<?> many) {
                    many.forEach(a -> actions.add(a.toString()));
                } else {
                    actions.add(String.valueOf(action));
                }
            }
        }

        // X-Ray for active tracing#if( $eventSource == "sqs" ), the queue's consumer actions for the event source#end#if( $idempotency == "true" ), the idempotency table's#end; nothing else
        assertThat(new TreeSet<>(actions)).containsExactlyInAnyOrder(
#if( $eventSource == "sqs" )
                "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
                "sqs:ReceiveMessage",
#end
#if( $idempotency == "true" )
                "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive",
#end
                "xray:PutTelemetryRecords", "xray:PutTraceSegments");
    }

    private static Set<String> variablesOfTheFunction() {
        Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function");
        assertThat(functions).hasSize(1);
        Map<?, ?> environment = (Map<?, ?>) properties(functions.values().iterator().next()).get("Environment");
        Set<String> names = new TreeSet<>();
        for (Object name : ((Map<?, ?>) environment.get("Variables")).keySet()) {
            names.add(name.toString());
        }
        return names;
    }

    private static Map<?, ?> properties(Map<String, Object> resource) {
        return (Map<?, ?>) resource.get("Properties");
    }

    private static List<?> list(Object map, String key) {
        return (List<?>) ((Map<?, ?>) map).get(key);
    }
}
