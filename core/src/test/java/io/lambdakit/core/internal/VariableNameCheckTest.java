package io.lambdakit.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Environment;
import io.lambdakit.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The misspelt-variable check over environments built from maps: what is reported, how, and what never is. */
class VariableNameCheckTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

    /**
     * What a Java function's environment holds on Lambda (the runtime's variables, names only matter) plus a
     * function's own settings: about 40 names, none of them misspelt.
     */
    static Map<String, String> lambdaEnvironment() {
        Map<String, String> env = new HashMap<>();
        for (String name : new String[] {
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API", "AWS_EXECUTION_ENV", "AWS_XRAY_CONTEXT_MISSING", "AWS_XRAY_DAEMON_ADDRESS",
            "_AWS_XRAY_DAEMON_ADDRESS", "_AWS_XRAY_DAEMON_PORT", "_X_AMZN_TRACE_ID", "_HANDLER", "_LAMBDA_TELEMETRY_LOG_FD",
            "AWS_LAMBDA_EXEC_WRAPPER", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "LANG", "LD_LIBRARY_PATH", "PATH", "TZ", "JAVA_HOME", "JAVA_TOOL_OPTIONS",
            "SHLVL", "PWD", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_LOG_LEVEL",
            "IDEMPOTENCY_TABLE_NAME", "ORDERS_QUEUE_URL"}) {
            env.put(name, "x");
        }
        return env;
    }

    static List<String> messages(Map<String, String> variables) {
        List<String> lines = new ArrayList<>();
        VariableNameCheck.report(Environment.of(variables), CLOCK, lines::add);
        List<String> messages = new ArrayList<>();
        for (String line : lines) {
            messages.add(json(line).get("message").asText());
        }
        return messages;
    }

    static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void lambdaEnvironment_withCorrectNames_reportsNothing() {
        Map<String, String> env = lambdaEnvironment();

        List<String> messages = messages(env);

        assertThat(env).hasSizeGreaterThanOrEqualTo(40);
        assertThat(messages).isEmpty();
    }

    @Test
    void misspeltMetricsNamespace_isReportedWithTheVariableMeant() {
        Map<String, String> env = lambdaEnvironment();
        env.put("POWERTOOLS_METRIC_NAMESPACE", "Shop");

        List<String> messages = messages(env);

        assertThat(messages).containsExactly("POWERTOOLS_METRIC_NAMESPACE is not a variable lambdakit reads; did you mean"
                + " POWERTOOLS_METRICS_NAMESPACE? Rename it");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "POWERTOOLS_SERVICENAME,          POWERTOOLS_SERVICE_NAME",
        "powertools_service_name,         POWERTOOLS_SERVICE_NAME",
        "POWERTOOLS_TRACER_DISABLED,      POWERTOOLS_TRACE_DISABLED",
        "POWERTOOLS_LOGGER_LEVEL,         POWERTOOLS_LOG_LEVEL",
        "POWERTOOLS_METRICS_DISABLE,      POWERTOOLS_METRICS_DISABLED",
        "LAMBDAKIT_LOG_BUFER,             LAMBDAKIT_LOG_BUFFER",
        "LAMBDAKIT_BATCH_PARALELISM,      LAMBDAKIT_BATCH_PARALLELISM",
        "LAMBDAKIT_SECRETS_PROVDIER,      LAMBDAKIT_SECRETS_PROVIDER",
        "POWERTOOL_SERVICE_NAME,          POWERTOOLS_SERVICE_NAME",
        "POWERTOLS_METRICS_NAMESPACE,     POWERTOOLS_METRICS_NAMESPACE",
        "LAMBDA_KIT_LOG_LEVELS,           LAMBDAKIT_LOG_LEVELS",
        "PARAMETERS_SECRET_EXTENSION_HTTP_PORT, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT",
    })
    void closeMisspelling_isReportedWithTheVariableMeant(String misspelt, String meant) {
        List<String> messages = messages(Map.of(misspelt, "x"));

        assertThat(messages).containsExactly(misspelt + " is not a variable lambdakit reads; did you mean " + meant + "? Rename it");
    }

    @Test
    void ourPrefixWithoutACloseName_isReportedAsNotRead() {
        List<String> messages = messages(Map.of("POWERTOOLS_EVENT_HANDLER_DEBUG", "true", "LAMBDAKIT_FEATURE_X", "1"));

        assertThat(messages).containsExactly(
                "LAMBDAKIT_FEATURE_X is not read by lambdakit; docs/configuration.md lists the variables it reads. Remove or rename it",
                "POWERTOOLS_EVENT_HANDLER_DEBUG is not read by lambdakit; docs/configuration.md lists the variables it reads."
                        + " Remove or rename it");
    }

    @Test
    void namesFarFromOursWithoutOurPrefix_areNotReported() {
        List<String> messages = messages(Map.of("TABLE_NAME", "t", "SERVICE_NAME", "s", "LOG_LEVEL", "DEBUG",
                "AWS_LAMBDA_FUNCTION_TIMEOUT", "3", "POWERTOOLS", "x"));

        assertThat(messages).isEmpty();
    }

    @Test
    void everyVariableLambdakitReads_isNotReported() {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < KnownVariables.userSetCount(); i++) {
            env.put(KnownVariables.userSet(i), "x");
        }

        assertThat(env).hasSizeGreaterThan(30);
        assertThat(messages(env)).isEmpty();
    }

    @Test
    void line_isAWarnInTheShapeOfCoresDiagnostics_withNoValue() {
        List<String> lines = new ArrayList<>();

        int reported = VariableNameCheck.report(Environment.of(Map.of("POWERTOOLS_METRIC_NAMESPACE", "secret-value",
                "POWERTOOLS_SERVICE_NAME", "orders")), CLOCK, lines::add);

        assertThat(reported).isEqualTo(1);
        assertThat(lines).singleElement().satisfies(line -> {
            JsonNode json = json(line);
            assertThat(json.get("level").asText()).isEqualTo("WARN");
            assertThat(json.get("logger").asText()).isEqualTo("io.lambdakit.core");
            assertThat(json.get("service").asText()).isEqualTo("orders");
            assertThat(json.get("timestamp").asText()).startsWith("2024-05-01T12:00:00");
            assertThat(line).doesNotContain("secret-value");
        });
    }

    @ParameterizedTest(name = "{0} / {1}: {2}")
    @CsvSource({
        "ABCD, ABCD, 0",
        "ABCD, abcd, 0",
        "ABCD, ABDC, 1",
        "ABCD, ABC,  1",
        "ABCD, XABCD, 1",
        "ABCD, AXCD, 1",
        "ABCD, BADC, 2",
        "ABCD, WXYZ, 3",
        "ABCDEFGH, ABCD, 3",
    })
    void distance_countsInsertionsDeletionsSubstitutionsAndSwaps_upToTheBound(String a, String b, int expected) {
        assertThat(VariableNameCheck.distance(a, b, 2)).isEqualTo(Math.min(expected, 3));
        assertThat(VariableNameCheck.distance(b, a, 2)).isEqualTo(Math.min(expected, 3));
    }

    @Test
    void distance_overGeneratedNames_equalsTheFullTableCappedAtTheBound_withReusedRows() {
        Random random = new Random(19);
        String alphabet = "AB_C";
        int[][] rows = new int[3][40];

        for (int n = 0; n < 20_000; n++) {
            String a = randomName(random, alphabet);
            String b = random.nextInt(3) == 0 ? mutate(random, a, alphabet) : randomName(random, alphabet);
            int max = random.nextInt(4);

            int[][] full = fullOptimalStringAlignment(a, b);
            int expected = Math.min(full[a.length()][b.length()], max + 1);
            int bestPrefix = max + 1;
            for (int j = 0; j <= b.length(); j++) {
                bestPrefix = Math.min(bestPrefix, full[a.length()][j]);
            }
            assertThat(VariableNameCheck.distance(a, b, b.length(), max, rows, false)).as("%s / %s, max %d", a, b, max).isEqualTo(expected);
            assertThat(VariableNameCheck.distance(a, b, b.length(), max, rows, true)).as("%s / a prefix of %s, max %d", a, b, max)
                    .isEqualTo(bestPrefix);
        }
    }

    private static String randomName(Random random, String alphabet) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A few random edits of {@code s}: the interesting pairs are the close ones. */
    private static String mutate(Random random, String s, String alphabet) {
        StringBuilder sb = new StringBuilder(s);
        for (int edits = random.nextInt(4); edits > 0; edits--) {
            int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
            switch (sb.length() < 2 ? 0 : random.nextInt(4)) {
                case 0 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> sb.deleteCharAt(at);
                case 2 -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> {
                    int j = Math.min(at + 1, sb.length() - 1);
                    char c = sb.charAt(at);
                    sb.setCharAt(at, sb.charAt(j));
                    sb.setCharAt(j, c);
                }
            }
        }
        return sb.toString();
    }

    @Test
    void nearest_overGeneratedMisspellingsOfEveryUserSetName_equalsTheClosestByTheFullTable() {
        Random random = new Random(19);
        String alphabet = "ABEILMNOPRSTW_";
        List<String> userSet = new ArrayList<>();
        for (int i = 0; i < KnownVariables.userSetCount(); i++) {
            userSet.add(KnownVariables.userSet(i));
        }

        for (int n = 0; n < 5_000; n++) {
            String name = mutate(random, userSet.get(random.nextInt(userSet.size())), alphabet);
            int max = 1 + random.nextInt(3);

            String expected = null;
            int expectedDistance = max + 1;
            for (String candidate : userSet) {
                int d = fullOptimalStringAlignment(name.toUpperCase(java.util.Locale.ROOT), candidate)[name.length()][candidate.length()];
                if (d < expectedDistance) {
                    expected = candidate;
                    expectedDistance = d;
                }
            }
            assertThat(VariableNameCheck.nearest(name, max)).as("%s, max %d", name, max).isEqualTo(expected);
        }
    }

    @Test
    void everyUserSetName_startsWithAFamilyPrefix() {
        for (int i = 0; i < KnownVariables.userSetCount(); i++) {
            String name = KnownVariables.userSet(i);

            assertThat(VariableNameCheck.FAMILIES[VariableNameCheck.family(name)]).as(name).isEqualTo(name.substring(0,
                    VariableNameCheck.FAMILIES[VariableNameCheck.family(name)].length()));
        }
    }

    /** The textbook table, every cell computed: what the banded, cut-short one must agree with. */
    private static int[][] fullOptimalStringAlignment(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d;
    }
}
