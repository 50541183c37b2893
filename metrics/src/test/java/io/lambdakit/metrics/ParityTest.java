package io.lambdakit.metrics;

import io.lambdakit.core.Installation;
import io.lambdakit.metrics.handlers.AnnotatedHandlers;
import io.lambdakit.metrics.handlers.Scenario;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One engine, two front doors: each scenario runs through {@code Metrics.execute(..)} (configured by the
 * builder, or by the {@link FlushOptions} of one run) and through a woven {@code @FlushMetrics} handler, over
 * two invocations (cold, then warm), and all must print byte-identical output and end the same way.
 */
class ParityTest {

    enum Door { PLAIN, PLAIN_WITH_OPTIONS, ANNOTATION }

    /** The annotation variant and the builder options and run options it corresponds to. */
    enum Variant {
        PLAIN(b -> b, FlushOptions.defaults()),
        COLD_START(b -> b.captureColdStart(true), FlushOptions.builder().captureColdStart(true).build()),
        RAISING(b -> b.raiseOnEmptyMetrics(true), FlushOptions.builder().raiseOnEmptyMetrics(true).build());

        final Function<Metrics.Builder, Metrics.Builder> builder;
        final FlushOptions options;

        Variant(Function<Metrics.Builder, Metrics.Builder> builder, FlushOptions options) {
            this.builder = builder;
            this.options = options;
        }
    }

    static final IllegalStateException BOOM = new IllegalStateException("boom");

    static Stream<Arguments> scenarios() {
        Scenario simple = m -> {
            m.add("Orders", 1, MetricUnit.COUNT).add("Latency", 12, MetricUnit.MILLISECONDS).add("Latency", 15, MetricUnit.MILLISECONDS)
                    .add("Fast", 1, MetricUnit.COUNT, MetricResolution.HIGH)
                    .addDimension("Region", "eu-west-1").addDimensionSet(DimensionSet.of("Tier", "gold"))
                    .addMetadata("orderId", "o-1").addMetadata("items", List.of(1, 2));
            return "ok";
        };
        Scenario throwing = m -> {
            m.add("Attempted", 1);
            throw BOOM;
        };
        Scenario empty = m -> "nothing";
        Scenario split = m -> {
            for (int i = 0; i < 150; i++) {
                m.add("M" + i, i);
            }
            for (int i = 0; i < 130; i++) {
                m.add("M0", i);
            }
            return "split";
        };
        Scenario single = m -> {
            m.add("Main", 1).flushSingleMetric("Refund", 3, MetricUnit.COUNT, DimensionSet.of("Customer", "c-1"));
            return "single";
        };
        Scenario midFlush = m -> {
            m.add("First", 1).addMetadata("k", "v");
            m.flush();
            m.add("Second", 2);
            return "mid";
        };
        List<Arguments> out = new ArrayList<>();
        for (Variant v : Variant.values()) {
            out.add(Arguments.of("simple", v, simple));
            out.add(Arguments.of("throwing", v, throwing));
            out.add(Arguments.of("empty", v, empty));
            out.add(Arguments.of("split", v, split));
            out.add(Arguments.of("single", v, single));
            out.add(Arguments.of("midFlush", v, midFlush));
        }
        return out.stream();
    }

    record Outcome(List<String> lines, List<String> endings) {
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("scenarios")
    void bothDoors_printTheSameAndEndTheSame(String name, Variant variant, Scenario scenario) {
        Outcome plain = run(Door.PLAIN, variant, scenario);
        Outcome withOptions = run(Door.PLAIN_WITH_OPTIONS, variant, scenario);
        Outcome annotated = run(Door.ANNOTATION, variant, scenario);

        assertThat(withOptions).isEqualTo(plain);
        assertThat(annotated).isEqualTo(plain);
        assertThat(plain.endings()).hasSize(2);
        if (!name.equals("empty") || variant == Variant.COLD_START) {
            assertThat(plain.lines()).as("output of %s", name).isNotEmpty();
        }
    }

    @SuppressWarnings("try")
    static Outcome run(Door door, Variant variant, Scenario scenario) {
        Fixtures fx = new Fixtures();
        List<String> endings = new ArrayList<>();
        Metrics metrics = fx.build(door == Door.PLAIN ? variant.builder.apply(fx.builder()) : fx.builder());
        AnnotatedHandlers handlers = new AnnotatedHandlers();
        try (Installation installed = door == Door.ANNOTATION ? Metrics.install(metrics) : null) {
            for (String requestId : List.of("req-cold", "req-warm")) {
                TestContext ctx = Fixtures.context(requestId);
                try {
                    Object result = switch (door) {
                        case PLAIN -> metrics.execute(ctx, () -> scenario.run(metrics));
                        case PLAIN_WITH_OPTIONS -> metrics.execute(variant.options, ctx, () -> scenario.run(metrics));
                        case ANNOTATION -> switch (variant) {
                            case PLAIN -> handlers.plain(scenario, ctx);
                            case COLD_START -> handlers.coldStart(scenario, ctx);
                            case RAISING -> handlers.raising(scenario, ctx);
                        };
                    };
                    endings.add("returned " + result);
                } catch (Throwable t) {
                    endings.add("threw " + t.getClass().getName() + (t == BOOM ? " (the body's own)" : ": " + t.getMessage()));
                }
            }
        }
        fx.out.blobs();
        return new Outcome(fx.out.lines(), endings);
    }
}
