package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every environment variable the library modules read: a variable name
 * written as a string literal in any module's main sources must appear on that page in backticks.
 * (This module depends on every library module, so it is where the docs are checked against them.)
 */
class DocsConfigurationTest {

    private static final List<String> MODULES = List.of("core", "logging", "metrics", "tracing", "idempotency", "batch", "secrets");
    /** Names of variables: Powertools', lambdakit's and Lambda's own families. */
    private static final Pattern VARIABLE = Pattern.compile(
            "\"((?:POWERTOOLS|LAMBDAKIT|AWS_LAMBDA|PARAMETERS_SECRETS)_[A-Z0-9_]*[A-Z0-9]|AWS_(?:REGION|DEFAULT_REGION|SESSION_TOKEN|XRAY_DAEMON_ADDRESS|EXECUTION_ENV)|_X_AMZN_TRACE_ID|_HANDLER|LAMBDA_TASK_ROOT)\"");

    private final Path repository = Path.of(System.getProperty("orders.gettingStarted")).getParent().getParent();

    @Test
    void modulesReadAVariable_configurationPageListsIt() {
        Set<String> read = variablesReadByModules();
        String page = read(repository.resolve("docs/configuration.md"));

        assertThat(read).as("the scan must see the modules' variables, or it proves nothing")
                .contains("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "LAMBDAKIT_BATCH_PARALLELISM",
                        "LAMBDAKIT_SECRETS_PROVIDER", "AWS_LAMBDA_INITIALIZATION_TYPE");
        Set<String> missing = new TreeSet<>();
        for (String variable : read) {
            if (!page.contains("`" + variable + "`")) {
                missing.add(variable);
            }
        }
        assertThat(missing).as("variables read by the code but missing from docs/configuration.md").isEmpty();
    }

    @Test
    void sourceScan_literalAndBarePrefix_onlyLiteralCounts() {
        Matcher m = VARIABLE.matcher("String a = \"POWERTOOLS_X_Y\"; // LAMBDAKIT_NOT_A_LITERAL \"LAMBDAKIT_\"");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("POWERTOOLS_X_Y");
        assertThat(m.find()).as("a bare prefix is not a variable").isFalse();
    }

    private Set<String> variablesReadByModules() {
        Set<String> names = new TreeSet<>();
        for (String module : MODULES) {
            Path sources = repository.resolve(module).resolve("src/main/java");
            assertThat(sources).isDirectory();
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    Matcher m = VARIABLE.matcher(read(f));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
