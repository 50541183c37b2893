package io.lambdakit.examples.orders.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The Lambda Managed Instances variant in both descriptions: the CDK stack with {@link OrdersStack.ManagedInstances}
 * options, asserted with the CDK assertions library, and template-managed-instances.yaml, which must be
 * template.yaml plus exactly the documented differences (so the two SAM templates cannot drift apart).
 */
class ManagedInstancesStackTest {

    private static final String LMI_TEMPLATE = "template-managed-instances.yaml";
    /** Globals.Function properties the variant changes or drops; everything else must be template.yaml's. */
    private static final Set<String> CHANGED_GLOBALS = Set.of("Runtime", "MemorySize", "SnapStart", "Environment");

    private static Template cdk;
    private static Map<String, Object> sam;
    private static Map<String, Object> classicSam;

    @BeforeAll
    static void load() throws IOException {
        cdk = SynthesizedStack.managedInstances().template;
        Path classic = Path.of(System.getProperty("orders.template"));
        classicSam = CfnYaml.load(classic);
        sam = CfnYaml.load(classic.resolveSibling(LMI_TEMPLATE));
    }

    // --- CDK

    @Test
    void cdk_capacityProvider_runsInTheGivenSubnetsOnX86WithAVCpuLimit() {
        template().resourceCountIs("AWS::Lambda::CapacityProvider", 1);
        template().hasResourceProperties("AWS::Lambda::CapacityProvider", Map.of(
                "VpcConfig", Map.of(
                        "SubnetIds", SynthesizedStack.MANAGED_INSTANCES.subnetIds(),
                        "SecurityGroupIds", SynthesizedStack.MANAGED_INSTANCES.securityGroupIds()),
                "InstanceRequirements", Match.objectLike(Map.of("Architectures", List.of("x86_64"))),
                "CapacityProviderScalingConfig", Match.objectLike(Map.of("MaxVCpuCount", 32))));
    }

    @Test
    void cdk_bothFunctions_areAttachedWithTheirPerEnvironmentConcurrencyAndMemoryPerVCpu() {
        for (String handler : List.of(OrdersStack.CREATE_ORDER_HANDLER, OrdersStack.PROCESS_ORDERS_HANDLER)) {
            template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler,
                    "Runtime", "java25",
                    "MemorySize", OrdersStack.MANAGED_INSTANCES_MEMORY_MB,
                    "TracingConfig", Map.of("Mode", "Active"),
                    "SnapStart", Match.absent(),
                    "CapacityProviderConfig", Map.of("LambdaManagedInstancesCapacityProviderConfig", Map.of(
                            "CapacityProviderArn", Map.of("Fn::GetAtt",
                                    List.of(Match.stringLikeRegexp("^OrdersCapacityProvider.*"), "Arn")),
                            "PerExecutionEnvironmentMaxConcurrency", 24,
                            "ExecutionEnvironmentMemoryGiBPerVCpu", 4)),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "POWERTOOLS_SERVICE_NAME", "orders",
                            "JAVA_TOOL_OPTIONS", Match.absent())))));
        }
        template().resourceCountIs("AWS::Lambda::Function", 2);
    }

    @Test
    void cdk_eventSources_stillInvokeThePublishedVersionBehindTheLiveAlias() {
        template().resourceCountIs("AWS::Lambda::Version", 2);
        template().resourceCountIs("AWS::Lambda::Alias", 2);
        template().allResourcesProperties("AWS::Lambda::Alias", Map.of("Name", OrdersStack.ALIAS));
        template().hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
    }

    @Test
    void cdk_functionRoles_keepTheirNamedActions_andOnlyTheOperatorRoleManagesInstances() {
        List<Object> actions = new ArrayList<>();
        for (Map<String, Object> statement : statements()) {
            Object action = statement.get("Action");
            actions.addAll(action instanceof List<?> list ? list : List.of(action));
        }
        assertThat(actions).isNotEmpty().allSatisfy(a -> assertThat(a).asString().doesNotContain("*"));

        Map<String, Map<String, Object>> roles = template().findResources("AWS::IAM::Role");
        List<String> managed = new ArrayList<>();
        roles.values().forEach(r -> managed.add(String.valueOf(((Map<?, ?>) r.get("Properties")).get("ManagedPolicyArns"))));
        assertThat(managed).hasSize(3)
                .filteredOn(m -> m.contains("AWSLambdaManagedEC2ResourceOperator")).hasSize(1);
        assertThat(managed).filteredOn(m -> m.contains("AWSLambdaBasicExecutionRole")).hasSize(2)
                .allSatisfy(m -> assertThat(m).doesNotContain("FullAccess", "AWSLambdaManagedEC2ResourceOperator"));
    }

    @Test
    void cdk_settings_outOfRange_areAllNamedInOneException() {
        assertThatThrownBy(() -> new OrdersStack.ManagedInstances(List.of(), List.of("sg-1"), 0, 3, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("subnetIds is empty", "maxConcurrency was 0", "memoryGiBPerVCpu was 3.0",
                        "maxVCpuCount was 1");
    }

    @Test
    void cdkApp_contextValues_selectTheVariantWithItsSettings() {
        assertThat(OrdersCdkApp.managedInstances(App.Builder.create().build())).isNull();
        assertThat(OrdersCdkApp.managedInstances(App.Builder.create().context(Map.of("managedInstances", "true",
                "subnetIds", "subnet-a, subnet-b", "securityGroupIds", "sg-1", "maxConcurrency", "24")).build()))
                .isEqualTo(new OrdersStack.ManagedInstances(List.of("subnet-a", "subnet-b"), List.of("sg-1"), 24,
                        OrdersStack.ManagedInstances.DEFAULT_MEMORY_GIB_PER_VCPU, OrdersStack.ManagedInstances.DEFAULT_MAX_VCPU_COUNT));
        assertThatThrownBy(() -> OrdersCdkApp.managedInstances(App.Builder.create().context(Map.of("managedInstances", "true",
                "subnetIds", "subnet-a", "securityGroupIds", "sg-1", "maxConcurrency", "lots")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("-c maxConcurrency was 'lots' but it must be a whole number");
    }

    // --- SAM: template-managed-instances.yaml is template.yaml plus the documented differences

    @Test
    void sam_functions_runJava25With2GbOnTheCapacityProviderWithoutSnapStart() {
        Map<String, Object> globals = globals(sam);
        assertThat(globals.get("Runtime")).isEqualTo(OrdersStack.MANAGED_INSTANCES_RUNTIME.getName());
        assertThat(globals.get("MemorySize")).isEqualTo(OrdersStack.MANAGED_INSTANCES_MEMORY_MB);
        assertThat(globals).doesNotContainKey("SnapStart").containsEntry("AutoPublishAlias", OrdersStack.ALIAS);
        assertThat(variables(globals)).doesNotContainKey("JAVA_TOOL_OPTIONS");

        for (String function : List.of("CreateOrderFunction", "ProcessOrdersFunction")) {
            assertThat(properties(sam, function).get("CapacityProviderConfig")).as(function).isEqualTo(Map.of(
                    "Arn", Map.of("Fn::GetAtt", List.of("OrdersCapacityProvider", "Arn")),
                    "PerExecutionEnvironmentMaxConcurrency", Map.of("Ref", "MaxConcurrency"),
                    "ExecutionEnvironmentMemoryGiBPerVCpu", Map.of("Ref", "MemoryGiBPerVCpu")));
        }
        Map<String, Object> provider = resources(sam).get("OrdersCapacityProvider");
        assertThat(provider.get("Type")).isEqualTo("AWS::Serverless::CapacityProvider");
        assertThat(provider.get("Properties")).isEqualTo(Map.of(
                "VpcConfig", Map.of("SubnetIds", Map.of("Ref", "SubnetIds"), "SecurityGroupIds", Map.of("Ref", "SecurityGroupIds")),
                "InstanceRequirements", Map.of("Architectures", List.of("x86_64")),
                "ScalingConfig", Map.of("MaxVCpuCount", Map.of("Ref", "MaxVCpuCount")),
                "Tags", Map.of("app", "lambdakit-orders")));
    }

    @Test
    void sam_parameters_haveTheCdkDefaults() {
        Map<String, Map<String, Object>> parameters = section(sam, "Parameters");
        assertThat(parameters.get("MaxConcurrency").get("Default")).isEqualTo(OrdersStack.ManagedInstances.DEFAULT_MAX_CONCURRENCY);
        assertThat(((Number) parameters.get("MemoryGiBPerVCpu").get("Default")).doubleValue())
                .isEqualTo(OrdersStack.ManagedInstances.DEFAULT_MEMORY_GIB_PER_VCPU);
        assertThat(parameters.get("MaxVCpuCount").get("Default")).isEqualTo(OrdersStack.ManagedInstances.DEFAULT_MAX_VCPU_COUNT);
        assertThat(parameters.get("SubnetIds").get("Type")).isEqualTo("List<AWS::EC2::Subnet::Id>");
        assertThat(parameters.get("SecurityGroupIds").get("Type")).isEqualTo("List<AWS::EC2::SecurityGroup::Id>");
    }

    @Test
    void sam_everythingElse_isTemplateYamls() {
        for (String section : List.of("Conditions", "Mappings", "Transform", "AWSTemplateFormatVersion")) {
            assertThat(sam.get(section)).as(section).isEqualTo(classicSam.get(section));
        }
        Map<String, Object> parameters = new LinkedHashMap<>(section(sam, "Parameters"));
        parameters.keySet().removeAll(Set.of("SubnetIds", "SecurityGroupIds", "MaxConcurrency", "MemoryGiBPerVCpu", "MaxVCpuCount"));
        assertThat(parameters).isEqualTo(section(classicSam, "Parameters"));
        Map<String, Object> outputs = new LinkedHashMap<>(section(sam, "Outputs"));
        assertThat(outputs.remove("CapacityProviderArn")).isNotNull();
        assertThat(outputs).isEqualTo(section(classicSam, "Outputs"));

        Map<String, Object> globals = new TreeMap<>(globals(sam));
        Map<String, Object> classicGlobals = new TreeMap<>(globals(classicSam));
        globals.keySet().removeAll(CHANGED_GLOBALS);
        classicGlobals.keySet().removeAll(CHANGED_GLOBALS);
        assertThat(globals).isEqualTo(classicGlobals);
        Map<String, Object> classicVariables = new TreeMap<>(variables(globals(classicSam)));
        assertThat(classicVariables.remove("JAVA_TOOL_OPTIONS")).isNotNull();
        assertThat(variables(globals(sam))).isEqualTo(classicVariables);
        assertThat(((Map<?, ?>) sam.get("Globals")).get("Api")).isEqualTo(((Map<?, ?>) classicSam.get("Globals")).get("Api"));

        Map<String, Map<String, Object>> resources = new TreeMap<>(resources(sam));
        assertThat(resources.remove("OrdersCapacityProvider")).isNotNull();
        assertThat(resources.keySet()).isEqualTo(resources(classicSam).keySet());
        resources.forEach((id, resource) -> {
            Map<String, Object> copy = new LinkedHashMap<>(resource);
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                Map<String, Object> properties = new LinkedHashMap<>(properties(sam, id));
                properties.remove("CapacityProviderConfig");
                copy.put("Properties", properties);
            }
            assertThat(copy).as(id).isEqualTo(resources(classicSam).get(id));
        });
    }

    // --- helpers

    private static Template template() {
        return cdk;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements() {
        List<Map<String, Object>> statements = new ArrayList<>();
        template().findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument");
            statements.addAll((List<Map<String, Object>>) document.get("Statement"));
        });
        return statements;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> globals(Map<String, Object> template) {
        return (Map<String, Object>) ((Map<String, Object>) template.get("Globals")).get("Function");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> section(Map<String, Object> template, String name) {
        return (Map<String, T>) template.get(name);
    }

    private static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
        return section(template, "Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> template, String logicalId) {
        return (Map<String, Object>) resources(template).get(logicalId).get("Properties");
    }
}
