package io.lambdakit.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigurationExceptionTest {

    @Test
    void throwIfAny_severalProblems_reportsAllInOneMessage() {
        ConfigurationException.Problems problems = ConfigurationException.problems("lambdakit-metrics")
                .require(false, "POWERTOOLS_METRICS_NAMESPACE was '' but it must not be blank; set it or call namespace(..)")
                .require(true, "never reported")
                .add("dimension 'a' has an empty value; remove it or give it a value");

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, problems::throwIfAny);

        assertThat(e.component()).isEqualTo("lambdakit-metrics");
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage())
                .startsWith("lambdakit-metrics is misconfigured (2 problems):")
                .contains("\n - POWERTOOLS_METRICS_NAMESPACE was ''")
                .contains("\n - dimension 'a' has an empty value")
                .doesNotContain("never reported");
        assertThat(e).isInstanceOf(LambdakitException.class);
    }

    @Test
    void throwIfAny_noProblem_doesNothing() {
        ConfigurationException.Problems problems = ConfigurationException.problems("x").require(true, "no");

        assertThat(problems.isEmpty()).isTrue();
        problems.throwIfAny();
    }

    @Test
    void message_oneProblem_isSingular() {
        assertThatThrownBy(() -> ConfigurationException.problems("x").add("p").throwIfAny())
                .hasMessage("x is misconfigured (1 problem):\n - p");
    }
}
