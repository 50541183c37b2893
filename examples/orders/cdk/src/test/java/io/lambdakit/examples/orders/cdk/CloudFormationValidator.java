package io.lambdakit.examples.orders.cdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * AWS's offline validator ({@code @aws/cloudformation-validate}, installed into {@code target/} by
 * this module's build) run by node over several templates at once: the engine takes about 3 s to
 * start, then about 50 ms per template.
 */
final class CloudFormationValidator {

    record Diagnostic(String severity, String ruleId, String logicalId, String message, int line) {
        boolean isProblem() {
            return !severity.equals("INFO") && !severity.equals("DEBUG");
        }

        @Override
        public String toString() {
            return severity + " " + ruleId + " " + logicalId + " (line " + line + "): " + message;
        }
    }

    record Report(String template, String validator, int rulesEvaluated, int resourcesScanned, List<Diagnostic> diagnostics) {
        List<Diagnostic> problems() {
            return diagnostics.stream().filter(Diagnostic::isProblem).toList();
        }
    }

    private CloudFormationValidator() {
    }

    /**
     * @return one report per template, keyed by the template's path
     */
    static Map<Path, Report> validate(List<Path> templates) throws IOException, InterruptedException {
        Path installDir = Path.of(System.getProperty("orders.validator"));
        Path script = Path.of(System.getProperty("orders.validatorScript"));
        if (!Files.isDirectory(installDir.resolve("node_modules/@aws/cloudformation-validate"))) {
            throw new IllegalStateException("@aws/cloudformation-validate is not installed in " + installDir
                    + "; the build installs it with npm in generate-test-resources: run the tests through Maven");
        }
        List<String> command = new ArrayList<>(List.of("node", script.toString(), installDir.toString()));
        templates.forEach(t -> command.add(t.toAbsolutePath().toString()));
        Process node;
        try {
            node = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalStateException("node (20 or later) is needed to validate templates, as for any CDK app;"
                    + " install it and put it on the PATH", e);
        }
        byte[] out = node.getInputStream().readAllBytes();
        if (!node.waitFor(120, TimeUnit.SECONDS) || node.exitValue() != 0) {
            throw new IllegalStateException("the validator failed: " + new String(out, StandardCharsets.UTF_8));
        }
        Map<Path, Report> reports = new LinkedHashMap<>();
        for (JsonNode r : new ObjectMapper().readTree(out)) {
            List<Diagnostic> diagnostics = new ArrayList<>();
            for (JsonNode d : r.get("diagnostics")) {
                diagnostics.add(new Diagnostic(d.path("severity").asText(), d.path("ruleId").asText(),
                        d.path("logicalId").asText(null), d.path("message").asText(), d.path("line").asInt()));
            }
            reports.put(Path.of(r.get("template").asText()), new Report(r.get("template").asText(),
                    r.get("validator").asText(), r.get("rulesEvaluated").asInt(), r.get("resourcesScanned").asInt(),
                    diagnostics));
        }
        return reports;
    }
}
