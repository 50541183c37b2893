package io.lambdakit.testing;

import io.lambdakit.core.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SamTemplateTest {

    static final Path TEMPLATE = Path.of("src/test/resources/standins/template.yaml");

    @Test
    void read_shortFormIntrinsics_becomeTheirLongForm() {
        SamTemplate template = SamTemplate.read(TEMPLATE);

        Map<String, Object> variables = template.function("ApiFunction").variables();

        assertThat(variables.get("QUEUE_URL")).isEqualTo(Map.of("Ref", "WorkQueue"));
        assertThat(variables.get("QUEUE_ARN")).isEqualTo(Map.of("Fn::GetAtt", List.of("WorkQueue", "Arn")));
        assertThat(variables.get("JOINED")).isEqualTo(Map.of("Fn::Join", List.of(",", List.of("a", Map.of("Ref", "Greeting")))));
        assertThat(template.resourcesOfType("AWS::SQS::Queue")).containsOnlyKeys("WorkQueue", "WorkDeadLetterQueue", "OrderedQueue");
    }

    @Test
    void functions_mergeGlobalsUnderTheirOwnProperties() {
        SamTemplate template = SamTemplate.read(TEMPLATE);

        SamTemplate.Function api = template.functionWithHandler("io.lambdakit.testing.standins.ApiHandler::handleRequest");

        assertThat(template.functions()).containsOnlyKeys("ApiFunction", "QueueFunction");
        assertThat(api.logicalId()).isEqualTo("ApiFunction");
        assertThat(api.properties()).containsEntry("MemorySize", 512).containsEntry("Timeout", 10);
        assertThat(api.variables()).containsKeys("ORDERS_TABLE", "GREETING", "QUEUE_URL");
        assertThat(api.events("Api")).containsOnlyKeys("GetOrder", "CreateOrder");
        assertThat(template.function("QueueFunction").events("SQS").get("Work")).containsEntry("BatchSize", 5);
    }

    @Test
    void environment_resolvesRefGetAttSubJoinAndParameterDefaults() {
        SamTemplate template = SamTemplate.read(TEMPLATE);

        Map<String, String> env = template.environment("ApiFunction", Map.of("OrdersTable", "orders-local",
                "ItemsTable", "standins-items", "WorkQueue", "http://127.0.0.1:9324/000000000000/WorkQueue",
                "WorkQueue.Arn", "arn:aws:sqs:us-east-1:000000000000:WorkQueue"));

        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ORDERS_TABLE", "orders-local",
                "GREETING", "hello",
                "QUEUE_URL", "http://127.0.0.1:9324/000000000000/WorkQueue",
                "QUEUE_ARN", "arn:aws:sqs:us-east-1:000000000000:WorkQueue",
                "ITEMS_TABLE", "standins-items",
                "LABEL", "orders-local/hello/${Literal}",
                "JOINED", "a,hello",
                "LIMIT", "25"));
    }

    @Test
    void environment_withUnresolvableValues_namesEveryVariableAndWhatToPass() {
        SamTemplate template = SamTemplate.parse("inline.yaml", """
                Parameters:
                  Stage:
                    Type: String
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::c
                      Environment:
                        Variables:
                          STAGE: !Ref Stage
                          TOPIC: !GetAtt Topic.TopicName
                          ZONE: !Select [0, !GetAZs ""]
                  Topic:
                    Type: AWS::SNS::Topic
                """);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> template.environment("Fn", Map.of()));

        assertThat(e.problems()).hasSize(3);
        assertThat(e.problems().get(0)).startsWith("STAGE is {Ref=Stage}: nothing resolves !Ref Stage; pass its local value"
                + " in the references under the key Stage");
        assertThat(e.problems().get(1)).startsWith("TOPIC is").contains("!GetAtt Topic.TopicName").contains("key Topic.TopicName");
        assertThat(e.problems().get(2)).startsWith("ZONE is").contains("Fn::Select cannot be resolved locally")
                .contains("LocalFunction.Builder.environment(name, value)");
        assertThat(e.getMessage()).startsWith("inline.yaml, Fn's environment is misconfigured (3 problems)");
    }

    @Test
    void function_unknownLogicalId_namesTheFunctionsThereAre() {
        SamTemplate template = SamTemplate.read(TEMPLATE);

        Throwable thrown = catchThrowable(() -> template.function("Nope"));

        assertThat(thrown).isInstanceOf(LocalFunctionException.class)
                .hasMessageContaining("has no AWS::Serverless::Function Nope; it has [ApiFunction, QueueFunction]");
    }

    @Test
    void parse_textWithoutResources_saysWhatATemplateNeeds() {
        Throwable thrown = catchThrowable(() -> SamTemplate.parse("empty.yaml", "Description: nothing\n"));

        assertThat(thrown).isInstanceOf(LocalFunctionException.class).hasMessage("empty.yaml has no Resources mapping;"
                + " a template declares its resources there");
    }

    @Test
    void read_withoutSnakeyamlOnTheClassPath_throwsNamingTheCoordinate() throws Exception {
        try (URLClassLoader without = classPathWithout("snakeyaml")) {
            Class<?> type = Class.forName(SamTemplate.class.getName(), true, without);

            Throwable thrown = catchThrowable(() -> type.getMethod("parse", String.class, String.class)
                    .invoke(null, "t.yaml", "Resources: {}"));

            assertThat(thrown).isInstanceOf(InvocationTargetException.class);
            assertThat(thrown.getCause().getClass().getName()).isEqualTo(LocalFunctionException.class.getName());
            assertThat(thrown.getCause().getMessage()).contains("org.yaml:snakeyaml").contains("test scope");
        }
    }

    /** The test class path less the entries whose path contains {@code fragment}, over the platform loader. */
    static URLClassLoader classPathWithout(String fragment) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty() && !entry.contains(fragment)) {
                urls.add(Paths.get(entry).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }
}
