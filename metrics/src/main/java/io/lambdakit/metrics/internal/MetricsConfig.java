package io.lambdakit.metrics.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.metrics.DimensionSet;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@code Metrics} instance's resolved, immutable configuration: the builder's values, else the environment
 * variables of {@link MetricsVariables} (this is the only class that reads them), else the documented
 * defaults. Every problem is collected and thrown as one {@link ConfigurationException}.
 */
public final class MetricsConfig {

    /** The component named by this module's configuration errors. */
    static final String COMPONENT = "lambdakit-metrics";
    /** Namespace used (with a one-time warning) when neither builder, environment nor annotation set one. */
    static final String DEFAULT_NAMESPACE = "default_namespace";
    /** The default dimension holding the service name. */
    static final String SERVICE_DIMENSION = "Service";
    /** The ColdStart metric's function dimension. */
    static final String FUNCTION_NAME_DIMENSION = "FunctionName";

    private final ExecutionEnvironment executionEnvironment;
    private final RunConfig base;
    private final boolean enabled;
    private final boolean tenantDimension;
    private final Supplier<PrintStream> output;

    private MetricsConfig(ExecutionEnvironment executionEnvironment, RunConfig base, boolean enabled, boolean tenantDimension,
                          Supplier<PrintStream> output) {
        this.executionEnvironment = executionEnvironment;
        this.base = base;
        this.enabled = enabled;
        this.tenantDimension = tenantDimension;
        this.output = output;
    }

    /**
     * Applies the environment and defaults to what the builder was given (null: not set) and validates the result.
     *
     * @param ee                  environment snapshot, clock and cold-start state
     * @param namespace           namespace, or null
     * @param service             service, or null
     * @param functionName        cold-start FunctionName, or null
     * @param defaultDimensions   extra default dimensions in order
     * @param captureColdStart    emit ColdStart
     * @param raiseOnEmptyMetrics throw when an invocation emitted nothing
     * @param enabled             write metrics, or null for {@code POWERTOOLS_METRICS_DISABLED}
     * @param tenantDimension     tenant_id as a dimension
     * @param output              where lines go
     * @return the configuration
     * @throws ConfigurationException listing every invalid setting
     */
    public static MetricsConfig resolve(ExecutionEnvironment ee, String namespace, String service, String functionName,
                                        Map<String, String> defaultDimensions, boolean captureColdStart,
                                        boolean raiseOnEmptyMetrics, Boolean enabled, boolean tenantDimension,
                                        Supplier<PrintStream> output) {
        Environment env = ee.environment();
        ConfigurationException.Problems problems = ConfigurationException.problems(COMPONENT);

        String ns = namespace != null ? namespace : env.get(MetricsVariables.POWERTOOLS_METRICS_NAMESPACE).orElse(null);
        if (ns != null) {
            String p = Validation.namespaceProblem(ns);
            if (p != null) {
                problems.add(source(namespace, "Metrics.builder().namespace(..)", MetricsVariables.POWERTOOLS_METRICS_NAMESPACE)
                        + " was '" + ns + "' but it " + p + "; "
                        + fix(namespace, "namespace(..)", MetricsVariables.POWERTOOLS_METRICS_NAMESPACE));
            }
        }

        String svc = service != null ? service : env.serviceName();
        boolean serviceDefined = service != null || !Environment.DEFAULT_SERVICE_NAME.equals(svc);
        LinkedHashMap<String, String> defaults = new LinkedHashMap<>();
        if (serviceDefined) {
            String p = Validation.dimensionValueProblem(SERVICE_DIMENSION, svc);
            if (p != null) {
                problems.add(source(service, "Metrics.builder().service(..)", Environment.POWERTOOLS_SERVICE_NAME)
                        + " was '" + svc + "' but it is not a valid dimension value: " + p + "; "
                        + fix(service, "service(..)", Environment.POWERTOOLS_SERVICE_NAME));
            } else {
                defaults.put(SERVICE_DIMENSION, svc);
            }
        }
        for (Map.Entry<String, String> d : defaultDimensions.entrySet()) {
            String p = Validation.dimensionKeyProblem(d.getKey());
            if (p == null) {
                p = Validation.dimensionValueProblem(d.getKey(), d.getValue());
            }
            if (p != null) {
                problems.add("Metrics.builder().defaultDimension('" + d.getKey() + "', ..) is invalid: " + p);
            } else {
                defaults.put(d.getKey(), d.getValue());
            }
        }
        problems.require(defaults.size() <= Validation.MAX_DIMENSIONS_PER_SET, "the default dimensions number "
                + defaults.size() + " but CloudWatch allows at most " + Validation.MAX_DIMENSIONS_PER_SET
                + " dimensions per metric; remove some defaultDimension(..) calls");

        String fn = functionName != null ? functionName : env.get(MetricsVariables.POWERTOOLS_METRICS_FUNCTION_NAME).orElse(null);
        if (fn != null) {
            String p = Validation.dimensionValueProblem(FUNCTION_NAME_DIMENSION, fn);
            if (p != null) {
                problems.add(source(functionName, "Metrics.builder().functionName(..)", MetricsVariables.POWERTOOLS_METRICS_FUNCTION_NAME)
                        + " was '" + fn + "' but it is not a valid dimension value: " + p + "; "
                        + fix(functionName, "functionName(..)", MetricsVariables.POWERTOOLS_METRICS_FUNCTION_NAME));
            }
        }

        boolean on = true;
        if (enabled != null) {
            on = enabled;
        } else {
            try {
                on = !env.getBoolean(MetricsVariables.POWERTOOLS_METRICS_DISABLED, false);
            } catch (ConfigurationException e) {
                e.problems().forEach(problems::add);
            }
        }
        problems.throwIfAny();

        DimensionSet defaultSet = DimensionSet.of(defaults);
        RunConfig base = new RunConfig(ns, defaultSet, defaultSet.get(SERVICE_DIMENSION).orElse(null),
                fn, captureColdStart, raiseOnEmptyMetrics);
        return new MetricsConfig(ee, base, on, tenantDimension, output);
    }

    /**
     * Checks the overrides of one run, a {@code FlushOptions} built by hand or converted from a
     * {@code @FlushMetrics} annotation (the two doors share this message), by the rules the builder applies
     * to the same options.
     *
     * @param namespace    namespace, or null
     * @param service      service, or null
     * @param functionName cold-start FunctionName, or null
     * @throws ConfigurationException listing every invalid value
     */
    public static void checkOverrides(String namespace, String service, String functionName) {
        ConfigurationException.Problems problems = ConfigurationException.problems(COMPONENT);
        if (namespace != null) {
            String p = Validation.namespaceProblem(namespace);
            problems.require(p == null, override("namespace", namespace) + " but it " + p + "; " + overrideFix("namespace"));
        }
        if (service != null) {
            String p = Validation.dimensionValueProblem(SERVICE_DIMENSION, service);
            problems.require(p == null, override("service", service) + " but it is not a valid dimension value: " + p + "; "
                    + overrideFix("service"));
        }
        if (functionName != null) {
            String p = Validation.dimensionValueProblem(FUNCTION_NAME_DIMENSION, functionName);
            problems.require(p == null, override("functionName", functionName) + " but it is not a valid dimension value: " + p + "; "
                    + overrideFix("functionName"));
        }
        problems.throwIfAny();
    }

    private static String override(String option, String value) {
        return "@FlushMetrics(" + option + ") / FlushOptions.builder()." + option + "(..) was '" + value + "'";
    }

    private static String overrideFix(String option) {
        return "fix the attribute, or pass a valid value to " + option + "(..)";
    }

    private static String source(Object builderValue, String builderCall, String envName) {
        return builderValue != null ? builderCall : envName;
    }

    private static String fix(Object builderValue, String builderMethod, String envName) {
        return builderValue != null ? "pass a valid value to " + builderMethod : "fix or unset " + envName + ", or call Metrics.builder()." + builderMethod;
    }

    /** @return the warning written once when metrics go to {@link #DEFAULT_NAMESPACE} */
    static String missingNamespace() {
        return "no CloudWatch namespace is configured, so metrics go to '" + DEFAULT_NAMESPACE + "'; set "
                + MetricsVariables.POWERTOOLS_METRICS_NAMESPACE + ", call Metrics.builder().namespace(..) or use @FlushMetrics(namespace = ..)";
    }

    /**
     * The configuration of a run whose options override some of this configuration (already checked by
     * {@link #checkOverrides}).
     *
     * @param namespace           namespace, or null to keep the configured one
     * @param service             service, or null to keep the configured one
     * @param functionName        ColdStart FunctionName, or null to keep the configured one
     * @param captureColdStart    true to emit ColdStart even when not configured
     * @param raiseOnEmptyMetrics true to raise on empty even when not configured
     * @return the run's configuration
     */
    RunConfig with(String namespace, String service, String functionName, boolean captureColdStart, boolean raiseOnEmptyMetrics) {
        DimensionSet defaults = base.defaultDimensions();
        if (service != null) {
            DimensionSet.Builder b = DimensionSet.builder().add(SERVICE_DIMENSION, service);
            for (Map.Entry<String, String> e : defaults.asMap().entrySet()) {
                if (!SERVICE_DIMENSION.equals(e.getKey())) {
                    b.add(e.getKey(), e.getValue());
                }
            }
            defaults = b.build();
        }
        return new RunConfig(
                namespace != null ? namespace : base.namespace(),
                defaults,
                service != null ? service : base.service(),
                functionName != null ? functionName : base.functionName(),
                captureColdStart || base.captureColdStart(),
                raiseOnEmptyMetrics || base.raiseOnEmptyMetrics());
    }

    /** @return environment snapshot, clock, lifecycle and cold-start state */
    ExecutionEnvironment executionEnvironment() {
        return executionEnvironment;
    }

    /** @return the configuration of a run with no overrides */
    RunConfig base() {
        return base;
    }

    /** @return false when metrics are recorded and validated but never written */
    boolean enabled() {
        return enabled;
    }

    /** @return true to add {@code tenant_id} to every dimension set of invocations with a tenant */
    boolean tenantDimension() {
        return tenantDimension;
    }

    /** @return where EMF lines go, looked up at each write */
    Supplier<PrintStream> output() {
        return output;
    }
}
