package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.lambdakit.metrics.MetricsTest.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the EMF schema and CloudWatch reject beyond the count limits: a namespace starting with {@code :}, values
 * CloudWatch finds too small or too large, metric names with line terminators, and blobs larger than one
 * CloudWatch Logs event. Each is refused at the call or split; every blob written is validated against the
 * EMF schema by {@link EmfOutput}.
 */
class EmfEdgeLimitsTest {

    /** One CloudWatch Logs event: 1 MiB per PutLogEvents batch, less the 26 bytes counted per event. */
    static final int ONE_EVENT_BYTES = 1_048_576 - 26;

    final Fixtures fx = new Fixtures();
    final Metrics metrics = fx.metrics();

    // ---- namespace ----

    @Test
    void namespace_startingWithColon_failsTheBuildSayingWhy() {
        assertThatThrownBy(() -> fx.build(fx.builder().namespace(":Shop")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Metrics.builder().namespace(..) was ':Shop' but it starts with ':', which CloudWatch does not allow");
    }

    @Test
    void namespace_startingWithColonFromEnvironment_namesTheVariable() {
        fx.env("POWERTOOLS_METRICS_NAMESPACE", ":Shop");

        assertThatThrownBy(fx::metrics)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("POWERTOOLS_METRICS_NAMESPACE was ':Shop' but it starts with ':'");
    }

    @Test
    void namespace_withColonAfterTheFirstCharacter_isAccepted() {
        Metrics m = fx.build(fx.builder().namespace("Shop:Orders"));

        m.execute(Fixtures.context("req-1"), () -> {
            m.add("M", 1);
            return null;
        });

        assertThat(fx.out.single().at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Shop:Orders");
    }

    // ---- values ----

    @ParameterizedTest
    @ValueSource(doubles = {1.0E300, -1.0E300, 1.0E109, 1.2E108, 1.0E-200, -1.0E-109, 8.5E-109, Double.MIN_VALUE, Double.MAX_VALUE})
    void add_valueCloudWatchRejectsAsTooSmallOrTooLarge_throwsSayingTheRange(double value) {
        MetricsValidationException e = catchThrowableOfType(MetricsValidationException.class,
                () -> metrics.add("Latency", value, MetricUnit.MILLISECONDS));

        assertThat(e).hasMessage("metric 'Latency' has value " + value + " but CloudWatch rejects values that are too small or too large:"
                + " a value must be 0 or have a magnitude from 8.51592E-109 to 1.174271E108; record it in another unit, or round it to 0");
        assertThat(e.item()).isEqualTo("metric 'Latency'");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.0, 1.174271E108, -1.174271E108, 8.51592E-109, -8.51592E-109, 1.0E100, 1.0E-100, 42.5})
    void add_valueWithinCloudWatchsRange_isWritten(double value) {
        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("V", value);
            return null;
        });

        assertThat(fx.out.single().get("V").asDouble()).isEqualTo(value == 0 ? 0.0 : value);
    }

    @Test
    void flushSingleMetric_valueOutOfRange_throwsAndWritesNothing() {
        assertThatThrownBy(() -> metrics.flushSingleMetric("Refund", 1.0E300, MetricUnit.COUNT, DimensionSet.empty()))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("too small or too large");
        assertThat(fx.out.lines()).isEmpty();
    }

    // ---- metric names ----

    @ParameterizedTest
    @ValueSource(strings = {"Order\nPlaced", "Order\rPlaced", "Order\u2028Placed", "Order\u2029Placed", "Order\u0085Placed"})
    void add_nameWithLineTerminator_throwsBecauseTheSchemaPatternRejectsIt(String name) {
        JsonNode blob = j("{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'Shop','Dimensions':[[]],'Metrics':[{'Name':'N'}]}]},'N':1}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) blob.at("/_aws/CloudWatchMetrics/0/Metrics/0")).put("Name", name);
        ((com.fasterxml.jackson.databind.node.ObjectNode) blob).put(name, 1);
        assertThat(EmfSpec.violations(blob)).as("the schema's view of this name").isNotEmpty();

        assertThatThrownBy(() -> metrics.add(name, 1))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("contains the line terminator")
                .hasMessageContaining("which the EMF specification does not allow in a metric name (pattern ^(.*)$)")
                .extracting(e -> ((MetricsValidationException) e).item()).isEqualTo("metric name");
        assertThatThrownBy(() -> metrics.flushSingleMetric(name, 1, MetricUnit.COUNT, DimensionSet.empty()))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("contains the line terminator");
    }

    /**
     * JSON Schema patterns are ECMA-262 regular expressions, in which {@code $} matches only at the end of the
     * input, so {@code ^(.*)$} rejects a name ending with a line terminator too. (The JDK regex engine of the
     * test's validator lets {@code $} match before a final line terminator, so it cannot show this one.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"Placed\n", "Placed\r\n", "Placed\u2028"})
    void add_nameEndingWithLineTerminator_throws(String name) {
        assertThatThrownBy(() -> metrics.add(name, 1))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("contains the line terminator");
    }

    /** A vertical tab or form feed is a mandatory line break in Unicode; the conformance rules refuse it in names too. */
    @ParameterizedTest
    @ValueSource(strings = {"Order\u000BPlaced", "Order\fPlaced"})
    void add_nameWithVerticalTabOrFormFeed_throws(String name) {
        assertThatThrownBy(() -> metrics.add(name, 1))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("contains the line terminator");
    }

    /** Both would be written as U+FFFD: the blob would carry one member twice and shadow a value. */
    @ParameterizedTest
    @ValueSource(strings = {"lone \uD800 high", "lone \uDC00 low", "ends high \uD83D", "reversed \uDE00\uD83D"})
    void add_nameWithUnpairedSurrogate_throwsInsteadOfCollidingAsReplacementCharacter(String name) {
        assertThatThrownBy(() -> metrics.add(name, 1))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("contains an unpaired surrogate")
                .extracting(e -> ((MetricsValidationException) e).item()).isEqualTo("metric name");
        assertThatThrownBy(() -> metrics.addMetadata(name, "v"))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("contains an unpaired surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Tab\there", "Caf\u00e9 orders", "emoji \uD83D\uDE00", "quote\" and \\ backslash", "x"})
    void add_nameWithOtherCharacters_isWrittenAsValidEmf(String name) {
        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add(name, 1);
            return null;
        });

        JsonNode blob = fx.out.single();
        assertThat(blob.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo(name);
        assertThat(blob.get(name).asInt()).isEqualTo(1);
    }

    // ---- blob size ----

    @Test
    void addMetadata_valueLargerThanABlob_throwsAtTheCallSayingTheLimit() {
        String huge = "x".repeat(1_500_000);

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("Orders", 1);
            MetricsValidationException e = catchThrowableOfType(MetricsValidationException.class, () -> metrics.addMetadata("payload", huge));
            assertThat(e.item()).isEqualTo("metadata 'payload'");
            assertThat(e).hasMessage("metadata 'payload' would take 1500013 bytes of JSON, and with the 0 bytes of this invocation's other"
                    + " metadata and dimensions that exceeds the 983014 bytes allowed: an EMF blob is one CloudWatch Logs event of at most"
                    + " 1048550 bytes and every blob repeats all metadata and dimensions, so they cannot be split; keep large values"
                    + " elsewhere (S3, a log line) and add a reference to them");
            return null;
        });

        assertThat(fx.out.lines()).singleElement().satisfies(line -> assertThat(line).doesNotContain("payload"));
    }

    @Test
    void addMetadata_manyValuesTogetherLargerThanABlob_refusesTheOneThatDoesNotFitAndKeepsTheOthers() {
        String chunk = "y".repeat(100_000);
        List<String> accepted = new ArrayList<>();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("Orders", 1);
            for (int i = 0; i < 12; i++) {
                try {
                    metrics.addMetadata("part" + i, chunk);
                    accepted.add("part" + i);
                } catch (MetricsValidationException e) {
                    assertThat(e).hasMessageContaining("exceeds the 983014 bytes allowed");
                }
            }
            return null;
        });

        assertThat(accepted).hasSize(9);
        String line = fx.out.lines().get(0);
        assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ONE_EVENT_BYTES);
        JsonNode blob = fx.out.single();
        accepted.forEach(k -> assertThat(blob.get(k).asText()).isEqualTo(chunk));
    }

    @Test
    void addMetadata_replacingAKey_countsOnlyTheNewValue() {
        String big = "z".repeat(600_000);

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("Orders", 1).addMetadata("doc", big).addMetadata("doc", big).addMetadata("doc", "small");
            assertThatCode(() -> metrics.addMetadata("other", big)).doesNotThrowAnyException();
            return null;
        });

        assertThat(fx.out.single().get("doc").asText()).isEqualTo("small");
    }

    @Test
    void addMetadata_nonAsciiValue_isMeasuredInUtf8Bytes() {
        String threeBytesEach = "\u20ac".repeat(400_000); // 1.2 MB of UTF-8 in 400,000 chars

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("Orders", 1);
            assertThatThrownBy(() -> metrics.addMetadata("euros", threeBytesEach))
                    .isInstanceOf(MetricsValidationException.class)
                    .hasMessageContaining("would take 1200011 bytes of JSON");
            return null;
        });
    }

    @Test
    void largeMetadataWithManyLongMetrics_isSplitIntoBlobsOfAtMostOneEventEach_keepingEveryValue() {
        String note = "n".repeat(900_000);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            names.add(String.format("%04d", i) + "m".repeat(1020));
        }

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.addMetadata("note", note);
            for (String name : names) {
                for (int v = 0; v < 100; v++) {
                    metrics.add(name, v + 0.123456789, MetricUnit.MILLISECONDS, MetricResolution.HIGH);
                }
            }
            return null;
        });

        List<String> lines = fx.out.lines();
        assertThat(lines.size()).isGreaterThan(1);
        assertThat(lines).allSatisfy(l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ONE_EVENT_BYTES));
        List<JsonNode> blobs = fx.out.blobs();
        for (String name : names) {
            List<Double> values = new ArrayList<>();
            for (JsonNode blob : blobs) {
                assertThat(blob.get("note").asText()).isEqualTo(note);
                JsonNode v = blob.get(name);
                if (v != null) {
                    if (v.isArray()) {
                        v.forEach(x -> values.add(x.asDouble()));
                    } else {
                        values.add(v.asDouble());
                    }
                }
            }
            List<Double> expected = new ArrayList<>();
            for (int v = 0; v < 100; v++) {
                expected.add(v + 0.123456789);
            }
            assertThat(values).as("values of %s", name.substring(0, 4)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void addDimensionSet_dimensionsTogetherLargerThanABlob_refusesTheOneThatDoesNotFit() {
        String value = "v".repeat(1024);
        List<String> accepted = new ArrayList<>();

        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("Orders", 1);
            for (int i = 0; i < 1000; i++) {
                try {
                    metrics.addDimensionSet(DimensionSet.of("Key" + i, value));
                    accepted.add("Key" + i);
                } catch (MetricsValidationException e) {
                    assertThat(e.item()).isEqualTo("dimension set [Key" + i + "]");
                    assertThat(e).hasMessageContaining("a dimension set with the keys [Key" + i + "] would take")
                            .hasMessageContaining("exceeds the 983014 bytes allowed");
                }
            }
            return null;
        });

        assertThat(accepted).hasSizeBetween(500, 999);
        String line = fx.out.lines().get(0);
        assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ONE_EVENT_BYTES);
        assertThat(fx.out.single().get("Orders").asInt()).isEqualTo(1);
    }

    @Test
    void flushSingleMetric_dimensionsLargerThanABlob_throwsAndWritesNothing() {
        DimensionSet.Builder b = DimensionSet.builder();
        for (int i = 0; i < 1000; i++) {
            b.add("Key" + i, "v".repeat(1024));
        }
        DimensionSet huge = b.build();

        assertThatThrownBy(() -> metrics.flushSingleMetric("Refund", 1, MetricUnit.COUNT, huge))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessageContaining("the dimensions of single metric 'Refund' would take")
                .hasMessageContaining("at most 983014 fit in an EMF blob");
        assertThat(fx.out.lines()).isEmpty();
    }
}
