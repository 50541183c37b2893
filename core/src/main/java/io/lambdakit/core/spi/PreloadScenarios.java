package io.lambdakit.core.spi;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment every module's preload scenario runs in (the build runs each scenario to record the
 * classes {@link ClassPreloader} loads before a SnapStart checkpoint): a function named {@code scenario}
 * in {@code eu-west-1}, a lifecycle whose report goes nowhere, no system properties. One place, so the
 * scenarios differ only in what they exercise.
 */
public final class PreloadScenarios {

    private PreloadScenarios() {
    }

    /**
     * @param extra more variables, as name, value pairs (e.g. {@code Environment.AWS_SESSION_TOKEN, "token"})
     * @return the scenario's environment
     */
    public static Environment environment(String... extra) {
        if (extra.length % 2 != 0) {
            throw new IllegalArgumentException("extra variables come in name, value pairs; got " + extra.length + " strings");
        }
        Map<String, String> variables = new HashMap<>();
        variables.put(Environment.AWS_LAMBDA_FUNCTION_NAME, "scenario");
        variables.put(Environment.AWS_REGION, "eu-west-1");
        for (int i = 0; i < extra.length; i += 2) {
            variables.put(extra[i], extra[i + 1]);
        }
        return Environment.of(variables);
    }

    /**
     * @param environment the scenario's environment, from {@link #environment(String...)}
     * @return an execution environment over it, with a silent lifecycle and no system properties
     */
    public static ExecutionEnvironment executionEnvironment(Environment environment) {
        return ExecutionEnvironment.builder().environment(environment)
                .lifecycle(Lifecycle.create(line -> { })).systemProperties(k -> null).build();
    }
}
