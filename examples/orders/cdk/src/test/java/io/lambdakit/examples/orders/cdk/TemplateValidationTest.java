package io.lambdakit.examples.orders.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both descriptions of the stack pass AWS's own offline validator ({@code @aws/cloudformation-validate}:
 * the SAM transform, cfn-lint's rules and the resource provider schemas) with nothing above INFO.
 * Two broken copies of template.yaml prove the validator really runs the SAM transform and the
 * reference checks on our template.
 */
class TemplateValidationTest {

    private static final String CREATE_ORDER_HANDLER_LINE = "Handler: " + OrdersStack.CREATE_ORDER_HANDLER;

    private static Path sam;
    private static Path misspelledHandler;
    private static Path danglingReference;
    private static Path cdk;
    private static Path samManagedInstances;
    private static Path cdkManagedInstances;
    private static Map<Path, CloudFormationValidator.Report> reports;

    @BeforeAll
    static void validateAllTemplatesInOneNodeProcess() throws IOException, InterruptedException {
        sam = Path.of(System.getProperty("orders.template")).toRealPath();
        String text = Files.readString(sam);
        Path dir = Files.createDirectories(Path.of(System.getProperty("orders.cdkOut")).resolveSibling("broken-templates"));
        misspelledHandler = write(dir.resolve("misspelled-handler.yaml"),
                replaceOnce(text, CREATE_ORDER_HANDLER_LINE, "Handlr: " + OrdersStack.CREATE_ORDER_HANDLER));
        danglingReference = write(dir.resolve("dangling-reference.yaml"),
                replaceOnce(text, "!GetAtt PaymentsDeadLetterQueue.Arn", "!GetAtt PaymentsDeadLetterQueues.Arn"));
        cdk = SynthesizedStack.get().templateFile;
        samManagedInstances = sam.resolveSibling("template-managed-instances.yaml").toRealPath();
        cdkManagedInstances = SynthesizedStack.managedInstances().templateFile;

        reports = CloudFormationValidator.validate(List.of(sam, misspelledHandler, danglingReference, cdk,
                samManagedInstances, cdkManagedInstances));
    }

    @Test
    void samTemplate_passesTheValidator_withNothingAboveInfo() {
        CloudFormationValidator.Report report = reports.get(sam);

        assertThat(report.problems()).as("validator %s findings on %s", report.validator(), sam).isEmpty();
        assertThat(report.rulesEvaluated()).isGreaterThan(250);
        assertThat(report.resourcesScanned()).isGreaterThanOrEqualTo(9);
    }

    @Test
    void samManagedInstancesTemplate_passesTheValidator_withNothingAboveInfo() {
        CloudFormationValidator.Report report = reports.get(samManagedInstances);

        assertThat(report.problems()).as("validator %s findings on %s", report.validator(), samManagedInstances).isEmpty();
        assertThat(report.resourcesScanned()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void cdkManagedInstancesTemplate_passesTheValidator_withNothingAboveInfo() {
        assertCdkTemplatePasses(cdkManagedInstances);
    }

    @Test
    void cdkTemplate_passesTheValidator_withNothingAboveInfo() {
        assertCdkTemplatePasses(cdk);
    }

    private static void assertCdkTemplatePasses(Path cdk) {
        CloudFormationValidator.Report report = reports.get(cdk);
        // CDK's Function always adds a DependsOn on its role although Role already references it with
        // Fn::GetAtt; cfn-lint notes the redundancy (W3005). It is harmless, and the only finding accepted.
        List<CloudFormationValidator.Diagnostic> problems = report.problems().stream()
                .filter(d -> !(d.ruleId().equals("W3005") && d.message().contains("ServiceRole")
                        && d.message().contains("'GetAtt' at 'Properties.Role'")))
                .toList();

        assertThat(problems).as("validator %s findings on %s", report.validator(), cdk).isEmpty();
        assertThat(report.resourcesScanned()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void samTemplate_withAMisspelledHandler_failsInTheSamTransform() {
        assertThat(reports.get(misspelledHandler).problems())
                .anySatisfy(d -> {
                    assertThat(d.ruleId()).isEqualTo("E0001");
                    assertThat(d.message()).contains("CreateOrderFunction").contains("Handler");
                });
    }

    @Test
    void samTemplate_withADanglingReference_isRejected() {
        assertThat(reports.get(danglingReference).problems())
                .anySatisfy(d -> {
                    assertThat(d.severity()).isIn("ERROR", "FATAL");
                    assertThat(d.message()).contains("PaymentsDeadLetterQueues");
                });
    }

    private static String replaceOnce(String text, String target, String replacement) {
        assertThat(text).containsOnlyOnce(target);
        return text.replace(target, replacement);
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text).toRealPath();
    }
}
