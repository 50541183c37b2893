package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import io.lambdakit.core.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LevelResolutionTest {

    private final CapturingSink sink = new CapturingSink();

    private LogOutput output(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return TestOutputs.output(sink, env);
    }

    @Test
    void noVariables_defaultsToInfo() {
        LogOutput out = output();

        assertThat(out.isEnabled("any", Level.INFO)).isTrue();
        assertThat(out.isEnabled("any", Level.DEBUG)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"DEBUG,DEBUG", "debug,DEBUG", "TRACE,TRACE", "warn,WARN", "WARNING,WARN", "error,ERROR", "FATAL,ERROR", "CRITICAL,ERROR"})
    void powertoolsLogLevel_setsRootLevel(String value, Level expected) {
        LogOutput out = output("POWERTOOLS_LOG_LEVEL", value);

        assertThat(lowestEnabled(out, "com.acme.Handler")).isEqualTo(expected);
    }

    @Test
    void lambdaLogLevel_alone_setsRootLevel() {
        LogOutput out = output("AWS_LAMBDA_LOG_LEVEL", "WARN", "AWS_LAMBDA_LOG_FORMAT", "JSON");

        assertThat(lowestEnabled(out, "x")).isEqualTo(Level.WARN);
    }

    @Test
    void powertoolsLevelBelowLambdaLevel_lambdaLevelIsFloor_andWarnsOnceAtInit() {
        LogOutput out = output("POWERTOOLS_LOG_LEVEL", "DEBUG", "AWS_LAMBDA_LOG_LEVEL", "INFO", "AWS_LAMBDA_LOG_FORMAT", "JSON");
        Logger log = out.logger("com.acme.Handler");

        log.debug("dropped by Lambda anyway");
        log.info("kept");

        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(sink.reportMessages()).singleElement().asString().startsWith(
                "Current log level (DEBUG) does not match AWS Lambda Advanced Logging Controls minimum log level (INFO)."
                        + " This can lead to data loss, consider adjusting them");
        assertThat(sink.reports().get(0).get("level").asText()).isEqualTo("WARN");
        assertThat(sink.messages()).containsExactly("kept");
    }

    @Test
    void lambdaLevelError_initWarningIsWrittenAtError_soLambdaKeepsIt() {
        output("POWERTOOLS_LOG_LEVEL", "DEBUG", "AWS_LAMBDA_LOG_LEVEL", "ERROR");

        assertThat(sink.reports()).singleElement().satisfies(line -> {
            assertThat(line.get("level").asText()).isEqualTo("ERROR");
            assertThat(line.get("message").asText()).contains("minimum log level (ERROR)");
        });
    }

    @Test
    void powertoolsLevelAboveLambdaLevel_powertoolsWins_withoutWarning() {
        LogOutput out = output("POWERTOOLS_LOG_LEVEL", "ERROR", "AWS_LAMBDA_LOG_LEVEL", "INFO");

        assertThat(lowestEnabled(out, "x")).isEqualTo(Level.ERROR);
        assertThat(sink.writes()).isEmpty();
        assertThat(sink.reports()).isEmpty();
    }

    @Test
    void lambdaTextFormat_doesNotFilter_soNoFloor() {
        LogOutput out = output("POWERTOOLS_LOG_LEVEL", "DEBUG", "AWS_LAMBDA_LOG_LEVEL", "ERROR", "AWS_LAMBDA_LOG_FORMAT", "TEXT");

        assertThat(lowestEnabled(out, "x")).isEqualTo(Level.DEBUG);
        assertThat(sink.writes()).isEmpty();
        assertThat(sink.reports()).isEmpty();
    }

    @Test
    void builderLevel_winsOverEnvironment_butNotOverLambdaFloor() {
        CapturingSink s = new CapturingSink();
        LogOutput plain = TestOutputs.output(s, Map.of("POWERTOOLS_LOG_LEVEL", "ERROR"), MutableClock.at(TestOutputs.T0),
                b -> b.level(Level.DEBUG));
        LogOutput floored = TestOutputs.output(s, Map.of("AWS_LAMBDA_LOG_LEVEL", "WARN"), MutableClock.at(TestOutputs.T0),
                b -> b.level(Level.DEBUG));

        assertThat(lowestEnabled(plain, "x")).isEqualTo(Level.DEBUG);
        assertThat(lowestEnabled(floored, "x")).isEqualTo(Level.WARN);
    }

    @Test
    void prefixLevels_fromEnvironment_longestMatchOnNameBoundaryWins() {
        LogOutput out = output("POWERTOOLS_LOG_LEVEL", "INFO",
                "LAMBDAKIT_LOG_LEVELS", "software.amazon.awssdk=WARN, com.acme=DEBUG; com.acme.noisy=ERROR");

        assertThat(lowestEnabled(out, "software.amazon.awssdk.request")).isEqualTo(Level.WARN);
        assertThat(lowestEnabled(out, "com.acme.Handler")).isEqualTo(Level.DEBUG);
        assertThat(lowestEnabled(out, "com.acme")).isEqualTo(Level.DEBUG);
        assertThat(lowestEnabled(out, "com.acme.noisy.Poller")).isEqualTo(Level.ERROR);
        assertThat(lowestEnabled(out, "com.acmecorp.Other")).isEqualTo(Level.INFO);
    }

    @Test
    void prefixLevels_fromBuilder_overrideEnvironmentEntries() {
        LogOutput out = TestOutputs.output(sink, Map.of("LAMBDAKIT_LOG_LEVELS", "com.acme=DEBUG"), MutableClock.at(TestOutputs.T0),
                b -> b.level("com.acme", Level.ERROR).level("org.apache", Level.WARN));

        assertThat(lowestEnabled(out, "com.acme.X")).isEqualTo(Level.ERROR);
        assertThat(lowestEnabled(out, "org.apache.http.wire")).isEqualTo(Level.WARN);
    }

    @Test
    void off_writesNothing() {
        LogOutput out = output("POWERTOOLS_LOG_LEVEL", "OFF");

        out.logger("x").error("nope");

        assertThat(out.isEnabled("x", Level.ERROR)).isFalse();
        assertThat(sink.writes()).isEmpty();
    }

    @Test
    void invalidVariables_builderFailsAtInit_listingEveryProblem() {
        assertThatThrownBy(() -> output("POWERTOOLS_LOG_LEVEL", "LOUD", "LAMBDAKIT_LOG_LEVELS", "com.acme",
                "POWERTOOLS_LOGGER_SAMPLE_RATE", "2", "LAMBDAKIT_LOG_BUFFER", "yes"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.component()).isEqualTo("lambdakit-logging");
                    assertThat(e.problems()).hasSize(4);
                    assertThat(e.getMessage())
                            .contains("POWERTOOLS_LOG_LEVEL was 'LOUD' but it must be TRACE, DEBUG, INFO, WARN, ERROR or OFF")
                            .contains("LAMBDAKIT_LOG_LEVELS had 'com.acme' but each entry must be <logger prefix>=")
                            .contains("POWERTOOLS_LOGGER_SAMPLE_RATE was '2' but it must be between 0 and 1")
                            .contains("LAMBDAKIT_LOG_BUFFER was 'yes' but it must be true or false");
                });
    }

    @Test
    void invalidBuilderArguments_failAtTheCall() {
        LogOutput.Builder b = LogOutput.builder();

        assertThatThrownBy(() -> b.maxMessageChars(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessageChars was 3 but it must be at least 16");
        assertThatThrownBy(() -> b.bufferAtLevel(Level.ERROR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ERROR lines flush the buffer");
        assertThatThrownBy(() -> b.bufferMaxBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.level(" ", Level.INFO)).isInstanceOf(IllegalArgumentException.class);
    }

    static Level lowestEnabled(LogOutput out, String logger) {
        for (Level l : new Level[] {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR}) {
            if (out.isEnabled(logger, l)) {
                assertThat(out.logger(logger).isEnabledForLevel(l)).isTrue();
                return l;
            }
        }
        return null;
    }
}
