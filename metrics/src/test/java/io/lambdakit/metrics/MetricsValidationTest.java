package io.lambdakit.metrics;

import io.lambdakit.core.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Invalid input is rejected at the call with a message that says what is allowed; configuration problems at build, all at once. */
class MetricsValidationTest {

    final Fixtures fx = new Fixtures();
    final Metrics metrics = fx.metrics();

    static Stream<Arguments> invalidMetricNames() {
        return Stream.of(
                Arguments.of(null, "is blank"),
                Arguments.of("", "is blank"),
                Arguments.of("   ", "is blank"),
                Arguments.of("x".repeat(1025), "is 1025 characters long but must be at most 1024"),
                Arguments.of("_aws", "is reserved"),
                Arguments.of("function_request_id", "is reserved"),
                Arguments.of("xray_trace_id", "is reserved"),
                Arguments.of("tenant_id", "is reserved"));
    }

    @ParameterizedTest
    @MethodSource("invalidMetricNames")
    void add_invalidName_throwsSayingWhatIsAllowed(String name, String message) {
        assertThatThrownBy(() -> metrics.add(name, 1, MetricUnit.COUNT))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((MetricsValidationException) e).item()).isEqualTo("metric name");
    }

    @Test
    void add_nameOf1024Characters_isAccepted() {
        assertThatCode(() -> metrics.add("x".repeat(1024), 1)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void add_nonFiniteValue_throwsBecauseEmfCannotCarryIt(double value) {
        assertThatThrownBy(() -> metrics.add("Latency", value, MetricUnit.MILLISECONDS))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("metric 'Latency' has value " + value)
                .hasMessageContaining("must be finite");
    }

    @Test
    void add_nullUnit_throwsPointingToNone() {
        assertThatThrownBy(() -> metrics.add("M", 1, null))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("MetricUnit.NONE");
    }

    @Test
    void add_sameNameWithAnotherUnit_throws() {
        Fixtures.inInvocation(fx, () -> {
            metrics.add("Latency", 1, MetricUnit.MILLISECONDS);

            assertThatThrownBy(() -> metrics.add("Latency", 1, MetricUnit.SECONDS))
                    .isInstanceOf(MetricsValidationException.class)
                    .hasMessage("metric 'Latency' was added with unit Milliseconds and now with Seconds; use one unit per metric name");
        });
    }

    @Test
    void add_sameNameWithAnotherResolution_throws() {
        Fixtures.inInvocation(fx, () -> {
            metrics.add("Latency", 1, MetricUnit.MILLISECONDS, MetricResolution.HIGH);

            assertThatThrownBy(() -> metrics.add("Latency", 1, MetricUnit.MILLISECONDS))
                    .isInstanceOf(MetricsValidationException.class)
                    .hasMessageContaining("use one resolution per metric name");
        });
    }

    @Test
    void add_nameOfADimension_throwsBecauseBothAreRootMembers() {
        Fixtures.inInvocation(fx, () -> {
            metrics.addDimension("Region", "eu");

            assertThatThrownBy(() -> metrics.add("Region", 1))
                    .isInstanceOf(MetricsValidationException.class)
                    .hasMessageContaining("metric name 'Region' is already a dimension key");
            assertThatThrownBy(() -> metrics.add("Service", 1))
                    .isInstanceOf(MetricsValidationException.class)
                    .hasMessageContaining("metric name 'Service' is already a dimension key");
        });
    }

    @Test
    void addDimension_keyOfAMetric_throws() {
        Fixtures.inInvocation(fx, () -> {
            metrics.add("Orders", 1);

            assertThatThrownBy(() -> metrics.addDimension("Orders", "x"))
                    .isInstanceOf(MetricsValidationException.class)
                    .hasMessageContaining("dimension key 'Orders' is already a metric name");
        });
    }

    static Stream<Arguments> invalidDimensions() {
        return Stream.of(
                Arguments.of("", "v", "dimension key '' is blank"),
                Arguments.of(" ", "v", "is blank"),
                Arguments.of("k".repeat(251), "v", "is 251 characters long but must be at most 250"),
                Arguments.of(":private", "v", "starts with ':'"),
                Arguments.of("Région", "v", "may only contain printable ASCII characters"),
                Arguments.of("tenant_id", "v", "is reserved"),
                Arguments.of("Region", "", "dimension 'Region' has a blank value"),
                Arguments.of("Region", "  ", "has a blank value"),
                Arguments.of("Region", "v".repeat(1025), "has a value of 1025 characters but it must be at most 1024"),
                Arguments.of("Region", "eu\nwest", "may only contain printable ASCII characters"),
                Arguments.of("Region", null, "has a blank value"));
    }

    @ParameterizedTest
    @MethodSource("invalidDimensions")
    void addDimension_invalid_throwsSayingWhatIsAllowed(String key, String value, String message) {
        assertThatThrownBy(() -> metrics.addDimension(key, value))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> DimensionSet.of(key, value))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void addDimension_valueOf1024PrintableCharacters_isAccepted() {
        assertThatCode(() -> metrics.addDimension("Region", "v".repeat(1024))).doesNotThrowAnyException();
        assertThatCode(() -> metrics.addDimension("k".repeat(250), "with spaces ~!")).doesNotThrowAnyException();
    }

    @Test
    void addDimensionSet_keyWithAnotherValueInThisInvocation_throws() {
        Fixtures.inInvocation(fx, () -> {
            metrics.addDimension("Region", "eu");

            assertThatThrownBy(() -> metrics.addDimensionSet(DimensionSet.of("Region", "us")))
                    .isInstanceOf(MetricsValidationException.class)
                    .hasMessageContaining("dimension 'Region' already has another value");
            assertThatThrownBy(() -> metrics.addDimensionSet(DimensionSet.of("Service", "billing")))
                    .isInstanceOf(MetricsValidationException.class)
                    .hasMessageContaining("dimension 'Service' already has another value");
        });
    }

    @Test
    void addMetadata_reservedOrTakenKey_throws() {
        Fixtures.inInvocation(fx, () -> {
            metrics.add("Orders", 1).addDimension("Region", "eu");

            assertThatThrownBy(() -> metrics.addMetadata("function_request_id", "x")).hasMessageContaining("is reserved");
            assertThatThrownBy(() -> metrics.addMetadata("", "x")).hasMessageContaining("is blank");
            assertThatThrownBy(() -> metrics.addMetadata("Orders", "x")).hasMessageContaining("already a metric name");
            assertThatThrownBy(() -> metrics.addMetadata("Region", "x")).hasMessageContaining("already a dimension key");
            assertThatThrownBy(() -> metrics.addMetadata("Service", "x")).hasMessageContaining("already a default dimension key");
            assertThatThrownBy(() -> metrics.addMetadata("ratio", Double.NaN)).hasMessageContaining("must be finite");
        });
    }

    @Test
    void flushSingleMetric_invalidInput_throws() {
        assertThatThrownBy(() -> metrics.flushSingleMetric("", 1, MetricUnit.COUNT, DimensionSet.empty())).hasMessageContaining("is blank");
        assertThatThrownBy(() -> metrics.flushSingleMetric("M", Double.NaN, MetricUnit.COUNT, DimensionSet.empty())).hasMessageContaining("finite");
        assertThatThrownBy(() -> metrics.flushSingleMetric("Customer", 1, MetricUnit.COUNT, DimensionSet.of("Customer", "c")))
                .hasMessageContaining("is also a dimension key");
        assertThat(fx.out.lines()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Shop", "Shop/Orders", "a.b-c_d#e:f", "With Space", "x"})
    void namespace_valid_isAccepted(String namespace) {
        assertThatCode(() -> fx.build(fx.builder().namespace(namespace))).doesNotThrowAnyException();
    }

    static Stream<Arguments> invalidNamespaces() {
        return Stream.of(
                Arguments.of("", "must not be blank"),
                Arguments.of("   ", "must not be blank"),
                Arguments.of("n".repeat(256), "is 256 characters long but must be at most 255"),
                Arguments.of("Shop!", "contains '!' at index 4"),
                Arguments.of("Café", "contains 'é U+00E9' at index 3; only letters, digits, space and . - _ / # : are allowed"),
                Arguments.of("AWS/Lambda", "starts with 'AWS/', which CloudWatch reserves for AWS services"));
    }

    @ParameterizedTest
    @MethodSource("invalidNamespaces")
    void namespace_invalidFromBuilder_failsTheBuildSayingWhatToFix(String namespace, String message) {
        assertThatThrownBy(() -> fx.build(fx.builder().namespace(namespace)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Metrics.builder().namespace(..) was '" + namespace + "' but it " + message);
    }

    @Test
    void namespace_invalidFromEnvironment_namesTheVariable() {
        fx.env("POWERTOOLS_METRICS_NAMESPACE", "Shop!");

        assertThatThrownBy(fx::metrics)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("POWERTOOLS_METRICS_NAMESPACE was 'Shop!' but it contains '!'")
                .hasMessageContaining("fix or unset POWERTOOLS_METRICS_NAMESPACE, or call Metrics.builder().namespace(..)");
    }

    @Test
    void build_severalProblems_reportsEveryOneInOneException() {
        fx.env("POWERTOOLS_METRICS_NAMESPACE", "AWS/Mine")
                .env("POWERTOOLS_SERVICE_NAME", "ordérs")
                .env("POWERTOOLS_METRICS_DISABLED", "maybe")
                .env("POWERTOOLS_METRICS_FUNCTION_NAME", " ");

        ConfigurationException e = (ConfigurationException) org.assertj.core.api.Assertions.catchThrowable(
                () -> fx.build(fx.builder().defaultDimension(":bad", "v")));

        assertThat(e.component()).isEqualTo("lambdakit-metrics");
        assertThat(e.problems()).hasSize(4);
        assertThat(e.problems().get(0)).startsWith("POWERTOOLS_METRICS_NAMESPACE was 'AWS/Mine'");
        assertThat(e.problems().get(1)).startsWith("POWERTOOLS_SERVICE_NAME was 'ordérs' but it is not a valid dimension value");
        assertThat(e.problems().get(2)).contains("defaultDimension(':bad', ..)").contains("starts with ':'");
        assertThat(e.problems().get(3)).contains("POWERTOOLS_METRICS_DISABLED was 'maybe' but it must be true or false");
    }

    @Test
    void build_moreThan30DefaultDimensions_failsTheBuild() {
        Metrics.Builder b = fx.builder();
        for (int i = 0; i < 30; i++) {
            b.defaultDimension("D" + i, "v");
        }

        assertThatThrownBy(() -> fx.build(b))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("the default dimensions number 31 but CloudWatch allows at most 30");
    }
}
