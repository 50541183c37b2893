package io.lambdakit.metrics.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.metrics.FlushMetrics;

/**
 * A {@link FlushMetrics} annotation converted once per annotated method: validated, and resolved against the
 * engine it runs with (cached until the global instance changes).
 */
final class FlushSpec {

    private record Resolved(MetricsEngine engine, RunOptions options) {
    }

    private final String namespace;
    private final String service;
    private final String functionName;
    private final boolean captureColdStart;
    private final boolean raiseOnEmptyMetrics;
    private volatile Resolved resolved;

    private FlushSpec(FlushMetrics a) {
        this.namespace = emptyToNull(a.namespace());
        this.service = emptyToNull(a.service());
        this.functionName = emptyToNull(a.functionName());
        this.captureColdStart = a.captureColdStart();
        this.raiseOnEmptyMetrics = a.raiseOnEmptyMetrics();
    }

    /**
     * @param annotation the annotation
     * @param where      the annotated method, for messages
     * @return the converted annotation
     * @throws ConfigurationException listing every invalid attribute
     */
    static FlushSpec of(FlushMetrics annotation, String where) {
        FlushSpec spec = new FlushSpec(annotation);
        ConfigurationException.Problems problems = ConfigurationException.problems("lambdakit-metrics");
        if (spec.namespace != null) {
            String p = Validation.namespaceProblem(spec.namespace);
            problems.require(p == null, "@FlushMetrics(namespace = \"" + spec.namespace + "\") on " + where + " is invalid: it " + p + "; fix the attribute");
        }
        if (spec.service != null) {
            String p = Validation.dimensionValueProblem(MetricsEngine.SERVICE_DIMENSION, spec.service);
            problems.require(p == null, "@FlushMetrics(service = \"" + spec.service + "\") on " + where + " is invalid: " + p + "; fix the attribute");
        }
        if (spec.functionName != null) {
            String p = Validation.dimensionValueProblem(MetricsEngine.FUNCTION_NAME_DIMENSION, spec.functionName);
            problems.require(p == null, "@FlushMetrics(functionName = \"" + spec.functionName + "\") on " + where + " is invalid: " + p + "; fix the attribute");
        }
        problems.throwIfAny();
        return spec;
    }

    RunOptions optionsFor(MetricsEngine engine) {
        Resolved r = resolved;
        if (r != null && r.engine() == engine) {
            return r.options();
        }
        RunOptions o = engine.options(namespace, service, functionName, captureColdStart, raiseOnEmptyMetrics);
        resolved = new Resolved(engine, o);
        return o;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
