package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.testing.TestContext;

/**
 * Claims of docs/*.md that can be checked mechanically against the modules' code: names the pages
 * give for what the code writes or reads. (That docs/configuration.md lists exactly the variables the
 * code declares is checked by the architecture module's EnvironmentVariablesArchitectureTest.)
 */
class DocsClaimsTest {

    private static final List<String> MODULES = List.of("core", "logging", "metrics", "tracing", "idempotency", "batch", "secrets");
    private static final Pattern FAMILY_VARIABLE = Pattern.compile("`((?:POWERTOOLS|LAMBDAKIT)_[A-Z0-9_]*[A-Z0-9])(?:=[^`]*)?`");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    private static final Pattern CRAC_RESOURCE = Pattern.compile("(?:final\\s+)?class\\s+(\\w+)[^{]*\\bimplements\\b[^{]*\\b(?:org\\.crac\\.)?Resource\\b");

    private final Path repository = Path.of(System.getProperty("orders.gettingStarted")).getParent().getParent();

    @Test
    void configurationPage_coldStartFunctionNameRow_namesTheDimensionMetricsWrites() throws IOException {
        ByteArrayOutputStream emf = new ByteArrayOutputStream();
        ExecutionEnvironment lambda = ExecutionEnvironment.builder().environment(Environment.of(Map.of(
                "AWS_LAMBDA_FUNCTION_NAME", "orders", "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand",
                "POWERTOOLS_METRICS_FUNCTION_NAME", "orders-live"))).build();
        Metrics metrics = Metrics.builder().executionEnvironment(lambda).namespace("Docs").captureColdStart(true)
                .output(new PrintStream(emf, true, StandardCharsets.UTF_8)).build();
        metrics.execute(TestContext.create(), () -> null);
        JsonNode coldStart = Json.mapper().readTree(emf.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        String metric = coldStart.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText();
        String dimension = coldStart.at("/_aws/CloudWatchMetrics/0/Dimensions/0/0").asText();
        assertThat(coldStart.get(dimension).asText()).as("the dimension the variable sets").isEqualTo("orders-live");

        String row = row(read(repository.resolve("docs/configuration.md")), "`POWERTOOLS_METRICS_FUNCTION_NAME`");

        assertThat(row).contains("`" + dimension + "` dimension of `" + metric + "`");
    }

    @Test
    void corePage_namesEveryCracResourceTheModulesImplement() {
        Set<String> resources = new TreeSet<>();
        for (Path source : mainSources()) {
            String text = read(source);
            if (text.contains("org.crac.Resource")) {
                Matcher pkg = PACKAGE.matcher(text);
                String prefix = pkg.find() ? pkg.group(1) + "." : "";
                Matcher m = CRAC_RESOURCE.matcher(text);
                while (m.find()) {
                    resources.add(prefix + m.group(1));
                }
            }
        }
        String page = read(repository.resolve("docs/core.md"));

        assertThat(resources).as("the scan must find core's bridge, or it proves nothing")
                .contains("io.lambdakit.core.CracBridge");
        for (String resource : resources) {
            assertThat(page).as("docs/core.md names the org.crac.Resource implementation %s", resource).contains(resource);
        }
    }

    @Test
    void everyPage_powertoolsAndLambdakitVariables_areReadByAModule() {
        Set<String> read = new TreeSet<>();
        for (Path source : mainSources()) {
            Matcher m = Pattern.compile("\"((?:POWERTOOLS|LAMBDAKIT)_[A-Z0-9_]*[A-Z0-9])\"").matcher(read(source));
            while (m.find()) {
                read.add(m.group(1));
            }
        }
        // the CI entry point's own variables (LAMBDAKIT_JDK25_HOME) are tooling, like benchmarks/run's
        Set<String> ciRun = new TreeSet<>();
        Matcher ci = Pattern.compile("\\b(LAMBDAKIT_[A-Z0-9_]*[A-Z0-9])\\b").matcher(read(repository.resolve(".ci/run")));
        while (ci.find()) {
            ciRun.add(ci.group(1));
        }
        Set<String> unknown = new TreeSet<>();
        for (Path page : pages()) {
            Matcher m = FAMILY_VARIABLE.matcher(read(page));
            while (m.find()) {
                if (!read.contains(m.group(1)) && !m.group(1).startsWith("LAMBDAKIT_BENCH") && !ciRun.contains(m.group(1))) {
                    unknown.add(page.getFileName() + ": " + m.group(1));
                }
            }
        }

        assertThat(read).as("the scan must see the modules' variables").contains("POWERTOOLS_SERVICE_NAME", "LAMBDAKIT_BATCH_PARALLELISM");
        assertThat(ciRun).as("the scan must see .ci/run's variables").containsExactly("LAMBDAKIT_JDK25_HOME");
        assertThat(unknown).as("variables the docs name but no module reads (benchmarks/run's and .ci/run's own are exempt)").isEmpty();
    }

    private static String row(String page, String firstCell) {
        for (String line : page.split("\n")) {
            if (line.startsWith("| " + firstCell + " |")) {
                return line;
            }
        }
        throw new AssertionError("no table row starting with " + firstCell);
    }

    private List<Path> pages() {
        try (Stream<Path> files = Files.list(repository.resolve("docs"))) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> mainSources() {
        List<Path> sources = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(repository.resolve(module).resolve("src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
